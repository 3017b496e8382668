package io.quire.web.mail;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SMTP server ({@code quire.smtp.*}, {@code QUIRE_SMTP_*}); no host means no e-mail at all.
 *
 * @param host the server's name; empty: Quire sends no e-mail and shows links instead
 * @param port its port (587 for STARTTLS, 465 for TLS, 25 for none)
 * @param username login, empty for none
 * @param password its password
 * @param security {@code starttls} (required: a server that does not offer it is refused), {@code
 *     tls} (TLS from the first byte) or {@code none} (plain text; a relay on the same host only)
 * @param timeout connect, read and write timeout of one conversation with the server
 */
@Validated
@ConfigurationProperties("quire.smtp")
public record SmtpProperties(
    @DefaultValue("") String host,
    @Min(1) @Max(65535) @DefaultValue("587") int port,
    @DefaultValue("") String username,
    @DefaultValue("") String password,
    @NotNull @DefaultValue("starttls") Security security,
    @NotNull @DefaultValue("10s") Duration timeout) {

  /** How the connection to the server is protected. */
  public enum Security {
    STARTTLS,
    TLS,
    NONE
  }

  /** Whether an SMTP server is configured at all. */
  public boolean configured() {
    return host != null && !host.isBlank();
  }
}
