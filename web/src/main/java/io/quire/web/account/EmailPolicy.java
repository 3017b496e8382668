package io.quire.web.account;

import io.quire.web.mail.MailProperties;
import io.quire.web.mail.Mailer;
import io.quire.web.mail.SmtpProperties;
import io.quire.web.system.ApiException;
import io.quire.web.system.WebProperties;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Whether this server sends e-mail, and whether accounts must verify their address (ADR 0025). */
@Component
public class EmailPolicy {
  private final ObjectProvider<Mailer> mailers;
  private final boolean verificationRequired;
  private final String publicUrl;

  EmailPolicy(
      ObjectProvider<Mailer> mailers, MailProperties mail, SmtpProperties smtp, WebProperties web) {
    this.mailers = mailers;
    this.verificationRequired = mail.verificationRequired(smtp.configured());
    this.publicUrl = web.publicUrl().replaceAll("/+$", "");
  }

  /** The mailer, while an SMTP server is configured. */
  Optional<Mailer> mailer() {
    return Optional.ofNullable(mailers.getIfAvailable());
  }

  /** The mailer, or a refusal that says this server sends no e-mail. */
  Mailer requireMailer(String instead) {
    return mailer()
        .orElseThrow(
            () ->
                new ApiException(
                    HttpStatus.CONFLICT,
                    "No e-mail",
                    "This server sends no e-mail (no SMTP server is configured). " + instead));
  }

  /** Whether an account with an unverified address is kept from projects. */
  public boolean verificationRequired() {
    return verificationRequired;
  }

  /** A page link whose secret is the fragment, which browsers never send to a server. */
  String link(String page, String token) {
    return publicUrl + page + "#" + token;
  }

  String page(String page) {
    return publicUrl + page;
  }
}
