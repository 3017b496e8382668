package io.quire.web.account;

import io.quire.web.mail.MailProperties;
import io.quire.web.system.ApiException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Limits the messages anyone can make Quire send: per client address (answered with 429, whatever
 * address is asked about) and per recipient (quietly not sent, so the answer still says nothing
 * about the address, and nobody can flood someone's mailbox).
 */
@Component
class MailRequestThrottle {
  private final WindowCounters counters;
  private final MailProperties.Throttle limits;

  MailRequestThrottle(WindowCounters counters, MailProperties properties) {
    this.counters = counters;
    this.limits = properties.throttle();
  }

  /** Notes a request from a client address; throws 429 past the limit. */
  void request(String clientAddress) {
    String key = "mail:ip:" + clientAddress;
    if (counters.countOver(key, limits.perClientAddress(), limits.window())) {
      Duration wait = counters.remaining(key, limits.window());
      throw new ApiException(
              HttpStatus.TOO_MANY_REQUESTS,
              "Too many requests",
              "Too many e-mail requests from your address; wait "
                  + wait.toSeconds()
                  + " seconds and try again.")
          .with("retryAfterSeconds", wait.toSeconds());
    }
  }

  /** Whether one more unasked-for message may go to this address now. */
  boolean mayMail(String recipient) {
    return !counters.countOver(
        "mail:to:" + UserStore.normaliseEmail(recipient), limits.perRecipient(), limits.window());
  }
}
