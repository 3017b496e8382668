package io.quire.web.account;

import io.quire.common.contract.MailJob;
import io.quire.web.mail.MailTemplates;
import io.quire.web.mail.Mailer;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Registration while this server sends e-mail: the answer is the same whether the address is free
 * or taken. A new account gets a verification link; the owner of a taken address gets a message
 * saying someone tried to register with it (ADR 0025).
 */
@Component
class QuietRegistration {
  private final AccountService accounts;
  private final UserStore users;
  private final EmailVerification verification;
  private final MailRequestThrottle throttle;
  private final EmailPolicy policy;

  QuietRegistration(
      AccountService accounts,
      UserStore users,
      EmailVerification verification,
      MailRequestThrottle throttle,
      EmailPolicy policy) {
    this.accounts = accounts;
    this.users = users;
    this.verification = verification;
    this.throttle = throttle;
    this.policy = policy;
  }

  /** The answer to every accepted registration, whatever became of it. */
  record Pending(String email, String next) {}

  Pending register(Mailer mailer, String email, String password, String name) {
    Optional<User> created = accounts.registerIfFree(email, password, name);
    if (created.isPresent()) {
      verification.send(mailer, created.get());
    } else {
      users
          .findByEmail(email)
          .filter(existing -> !existing.disabled())
          .filter(existing -> throttle.mayMail(existing.email()))
          .ifPresent(
              existing ->
                  mailer.send(
                      existing.email(),
                      MailTemplates.addressTaken(
                          policy.page("/login"), policy.page("/reset-password")),
                      "system",
                      MailJob.NO_PROJECT));
    }
    return new Pending(
        UserStore.normaliseEmail(email),
        "A message was sent to this address: open its link, then sign in.");
  }
}
