package io.quire.web.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Account settings ({@code quire.accounts.*}).
 *
 * @param registrationOpen whether anyone may register until an administrator decides otherwise in
 *     the admin pages (the stored setting wins once set; {@code QUIRE_ACCOUNTS_REGISTRATION_OPEN})
 * @param loginThrottle limits of sign-in attempts, against password guessing
 */
@Validated
@ConfigurationProperties("quire.accounts")
public record AccountProperties(
    @DefaultValue("true") boolean registrationOpen,
    @Valid @NotNull @DefaultValue LoginThrottle loginThrottle) {

  /**
   * Attempts counted in fixed windows in Redis, so every web instance shares them. Defaults are
   * Overleaf's: 20 a minute per client address, 10 in two minutes per account.
   *
   * @param perAddress attempts per client address in {@code addressWindow}
   * @param perAccount attempts per e-mail address in {@code accountWindow}
   */
  public record LoginThrottle(
      @Min(1) @DefaultValue("20") int perAddress,
      @NotNull @DefaultValue("1m") Duration addressWindow,
      @Min(1) @DefaultValue("10") int perAccount,
      @NotNull @DefaultValue("2m") Duration accountWindow) {}
}
