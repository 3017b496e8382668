package io.quire.web.account;

import io.quire.web.system.ApiException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Limits registrations per client address (ADR 0018): against mass sign-ups, and against probing
 * which addresses have an account, which registration cannot hide without e-mail verification.
 */
@Component
class RegistrationThrottle {
  private final WindowCounters counters;
  private final AccountProperties.RegistrationThrottle limits;

  RegistrationThrottle(WindowCounters counters, AccountProperties properties) {
    this.counters = counters;
    this.limits = properties.registrationThrottle();
  }

  /** Notes a registration attempt; throws 429 past the limit. */
  void attempt(String clientAddress) {
    String key = "register:ip:" + clientAddress;
    if (counters.countOver(key, limits.perAddress(), limits.window())) {
      Duration wait = counters.remaining(key, limits.window());
      throw new ApiException(
              HttpStatus.TOO_MANY_REQUESTS,
              "Too many registrations",
              "Too many registrations from your address; wait "
                  + wait.toSeconds()
                  + " seconds and try again, or ask an administrator for an account.")
          .with("retryAfterSeconds", wait.toSeconds());
    }
  }
}
