package io.quire.web.account;

import io.quire.common.contract.MailJob;
import io.quire.web.account.EmailTokens.Grant;
import io.quire.web.account.EmailTokens.Purpose;
import io.quire.web.mail.MailTemplates;
import io.quire.web.mail.Mailer;
import io.quire.web.system.ApiException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Proving one owns one's address: a link mailed at registration, and again on request. */
@Component
class EmailVerification {
  static final Duration VALID_FOR = Duration.ofHours(48);

  private final EmailPolicy policy;
  private final UserStore users;
  private final EmailTokens tokens;
  private final MailRequestThrottle throttle;

  EmailVerification(
      EmailPolicy policy, UserStore users, EmailTokens tokens, MailRequestThrottle throttle) {
    this.policy = policy;
    this.users = users;
    this.tokens = tokens;
    this.throttle = throttle;
  }

  /** Mails a new verification link to the account's address (earlier links stop working). */
  void send(Mailer mailer, User user) {
    String token = tokens.issue(user.id(), user.email(), Purpose.VERIFY_EMAIL, VALID_FOR);
    mailer.send(
        user.email(),
        MailTemplates.verifyAddress(policy.link("/verify-email", token), VALID_FOR),
        user.id(),
        MailJob.NO_PROJECT);
  }

  /** The signed-in user asks for the link again. */
  void resend(QuireUser caller, String clientAddress) {
    Mailer mailer = policy.requireMailer("Ask an administrator to verify your address.");
    User user =
        users
            .findById(caller.id())
            .orElseThrow(() -> ApiException.notFound("This account no longer exists."));
    if (user.emailVerified()) {
      throw new ApiException(
          HttpStatus.CONFLICT, "Already verified", "This account's address is verified already.");
    }
    throttle.request(clientAddress);
    send(mailer, user);
  }

  /**
   * Marks the address verified. Anyone holding the link may use it, signed in or not, but not while
   * signed in to another account: that account would stay unverified, to the user's surprise.
   */
  void verify(String token, QuireUser caller) {
    Grant grant = tokens.check(token, Purpose.VERIFY_EMAIL).orElseThrow(PasswordReset::invalid);
    if (caller != null && !caller.id().equals(grant.userId())) {
      throw ApiException.forbidden(
          "This link verifies the address of another account; sign out and open it again.");
    }
    if (!tokens.use(grant) || !users.markVerified(grant.userId(), grant.email())) {
      throw PasswordReset.invalid();
    }
  }
}
