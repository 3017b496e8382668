package io.quire.web.account;

import io.quire.common.contract.MailJob;
import io.quire.web.account.EmailTokens.Grant;
import io.quire.web.account.EmailTokens.Purpose;
import io.quire.web.mail.MailTemplates;
import io.quire.web.mail.Mailer;
import io.quire.web.system.ApiException;
import java.time.Duration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password reset by an e-mailed link: works once, for an hour, and ends every session of the
 * account. Asking answers the same whether the address has an account or not.
 */
@Component
class PasswordReset {
  static final Duration VALID_FOR = Duration.ofHours(1);

  private final EmailPolicy policy;
  private final UserStore users;
  private final EmailTokens tokens;
  private final MailRequestThrottle throttle;
  private final PasswordEncoder encoder;
  private final ApplicationEventPublisher events;

  PasswordReset(
      EmailPolicy policy,
      UserStore users,
      EmailTokens tokens,
      MailRequestThrottle throttle,
      PasswordEncoder encoder,
      ApplicationEventPublisher events) {
    this.policy = policy;
    this.users = users;
    this.tokens = tokens;
    this.throttle = throttle;
    this.encoder = encoder;
    this.events = events;
  }

  /** Mails a reset link to the address if it has an active account; says nothing either way. */
  void request(String email, String clientAddress) {
    Mailer mailer = policy.requireMailer("Ask an administrator to reset your password.");
    throttle.request(clientAddress);
    if (!throttle.mayMail(email)) {
      return;
    }
    users
        .findByEmail(email)
        .filter(user -> !user.disabled())
        .ifPresent(
            user -> {
              String token =
                  tokens.issue(user.id(), user.email(), Purpose.PASSWORD_RESET, VALID_FOR);
              mailer.send(
                  user.email(),
                  MailTemplates.passwordReset(policy.link("/reset-password", token), VALID_FOR),
                  user.id(),
                  MailJob.NO_PROJECT);
            });
  }

  /**
   * Sets the new password, uses the token up and ends every session of the account. A weak password
   * is refused before the token is used, so the link still works for a better one.
   */
  void confirm(String token, String newPassword) {
    Grant grant = tokens.check(token, Purpose.PASSWORD_RESET).orElseThrow(PasswordReset::invalid);
    User user =
        users
            .findById(grant.userId())
            .filter(u -> !u.disabled() && u.email().equals(grant.email()))
            .orElseThrow(PasswordReset::invalid);
    AccountService.checkPassword(newPassword, user.email());
    if (!tokens.use(grant)) {
      throw invalid();
    }
    long epoch = users.updatePasswordHash(user.id(), encoder.encode(newPassword));
    tokens.revokeAll(user.id(), Purpose.PASSWORD_RESET);
    // the link reached the address: it is the account's
    users.markVerified(user.id(), user.email());
    events.publishEvent(
        new SessionsEnded(user.id(), null, epoch, "The password of this account was reset."));
  }

  static ApiException invalid() {
    return ApiException.badRequest(
            "This link is not valid: it may have expired, been used already, or been replaced by"
                + " a newer one. Ask for a new one.")
        .with("errors", java.util.Map.of("token", "not valid"));
  }
}
