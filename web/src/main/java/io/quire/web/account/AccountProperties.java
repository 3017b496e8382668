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
 * @param registrationThrottle limits of registrations, against mass sign-ups and address probing
 */
@Validated
@ConfigurationProperties("quire.accounts")
public record AccountProperties(
    @DefaultValue("true") boolean registrationOpen,
    @Valid @NotNull @DefaultValue LoginThrottle loginThrottle,
    @Valid @NotNull @DefaultValue RegistrationThrottle registrationThrottle) {

  /**
   * Attempts counted in fixed windows in Redis, so every web instance shares them (ADR 0018). No
   * limit is per account alone, so nobody can lock someone else out by failing on purpose.
   *
   * @param perAddress attempts per client address in {@code addressWindow}, on any accounts
   * @param perAccount attempts on one account from one client address in {@code accountWindow}
   * @param perAccountTotal attempts on one account from all addresses together in {@code
   *     totalWindow}; past it, only addresses the account signed in from before get through
   * @param knownAddressTtl how long an address an account signed in from counts as known
   */
  public record LoginThrottle(
      @Min(1) @DefaultValue("20") int perAddress,
      @NotNull @DefaultValue("1m") Duration addressWindow,
      @Min(1) @DefaultValue("10") int perAccount,
      @NotNull @DefaultValue("2m") Duration accountWindow,
      @Min(1) @DefaultValue("50") int perAccountTotal,
      @NotNull @DefaultValue("15m") Duration totalWindow,
      @NotNull @DefaultValue("30d") Duration knownAddressTtl) {}

  /**
   * @param perAddress registrations per client address in {@code window}
   */
  public record RegistrationThrottle(
      @Min(1) @DefaultValue("20") int perAddress, @NotNull @DefaultValue("1h") Duration window) {}
}
