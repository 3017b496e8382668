package io.quire.web.mail;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What Quire's messages look like and how hard their sending is tried ({@code quire.mail.*}).
 *
 * @param from the sender address ({@code QUIRE_MAIL_FROM}); empty: {@code noreply@} the host of
 *     {@code QUIRE_PUBLIC_URL}
 * @param requireVerifiedEmail {@code auto} (on when an SMTP server is configured), {@code true} or
 *     {@code false}: whether a self-registered account must verify its address before it may create
 *     or open projects ({@code QUIRE_REQUIRE_VERIFIED_EMAIL})
 * @param retry how a message the server refuses or cannot take is retried
 * @param throttle limits of the messages anyone can make Quire send
 */
@Validated
@ConfigurationProperties("quire.mail")
public record MailProperties(
    @DefaultValue("") String from,
    @NotNull @DefaultValue("auto") String requireVerifiedEmail,
    @Valid @NotNull @DefaultValue Retry retry,
    @Valid @NotNull @DefaultValue Throttle throttle) {

  /**
   * Attempts in all, waiting {@code initialBackoff} after the first and twice as long after each
   * next one (at most {@code maxBackoff}); then the message is dead-lettered. The defaults try for
   * about ten minutes.
   */
  public record Retry(
      @Min(1) @DefaultValue("8") int attempts,
      @NotNull @DefaultValue("5s") Duration initialBackoff,
      @NotNull @DefaultValue("5m") Duration maxBackoff) {}

  /**
   * @param perClientAddress requests for a password reset or a verification message from one client
   *     address in {@code window}; past it such requests answer 429
   * @param perRecipient unasked-for messages (reset links, "someone tried to register") to one
   *     address in {@code window}; past it they are quietly not sent, so nobody can flood a mailbox
   */
  public record Throttle(
      @Min(1) @DefaultValue("10") int perClientAddress,
      @Min(1) @DefaultValue("3") int perRecipient,
      @NotNull @DefaultValue("1h") Duration window) {}

  /** Whether verification is required, given whether an SMTP server is configured. */
  public boolean verificationRequired(boolean smtpConfigured) {
    return switch (requireVerifiedEmail.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      case "auto", "" -> smtpConfigured;
      default ->
          throw new IllegalStateException(
              "QUIRE_REQUIRE_VERIFIED_EMAIL must be auto, true or false, not "
                  + requireVerifiedEmail);
    };
  }
}
