package io.quire.web.account;

import io.quire.common.blob.Hashes;
import io.quire.common.infra.QuireConnectionProperties;
import io.quire.web.system.ApiException;
import java.time.Duration;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RedissonClient;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Counts sign-in attempts per client address and per account in Redis (shared by all web instances)
 * and refuses with 429 past the limits. Every attempt counts, right or wrong, so a guesser learns
 * nothing from which ones were refused. The account key is a hash, so Redis holds no e-mail
 * addresses.
 */
@Component
class LoginThrottle {
  private final RedissonClient redis;
  private final AccountProperties.LoginThrottle limits;
  private final String prefix;

  LoginThrottle(
      RedissonClient redis, AccountProperties properties, QuireConnectionProperties connection) {
    this.redis = redis;
    this.limits = properties.loginThrottle();
    this.prefix = connection.amqp().prefix() + ":login:";
  }

  /** Notes an attempt; throws 429 when the address or the account is over its limit. */
  void attempt(String clientAddress, String email) {
    boolean addressOver = over("ip:" + clientAddress, limits.perAddress(), limits.addressWindow());
    boolean accountOver =
        over(
            "account:" + Hashes.sha256(UserStore.normaliseEmail(email)),
            limits.perAccount(),
            limits.accountWindow());
    if (addressOver || accountOver) {
      Duration wait = addressOver ? limits.addressWindow() : limits.accountWindow();
      throw new ApiException(
              HttpStatus.TOO_MANY_REQUESTS,
              "Too many sign-in attempts",
              "Too many sign-in attempts "
                  + (addressOver ? "from your address" : "for this account")
                  + "; wait "
                  + wait.toSeconds()
                  + " seconds and try again.")
          .with("retryAfterSeconds", wait.toSeconds());
    }
  }

  private boolean over(String key, int limit, Duration window) {
    RAtomicLong counter = redis.getAtomicLong(prefix + key);
    long count = counter.incrementAndGet();
    if (count == 1 || counter.remainTimeToLive() == -1) {
      counter.expire(window);
    }
    return count > limit;
  }
}
