package io.quire.web.account;

import io.quire.common.blob.Hashes;
import io.quire.common.infra.QuireConnectionProperties;
import io.quire.web.system.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Limits sign-in attempts (ADR 0018) so that guessing is slow but nobody can lock another person
 * out by failing on purpose: per client address (one machine guessing many accounts), per account
 * and address (one machine guessing one account), and per account from everywhere together (a
 * botnet guessing one account) — past that last limit only the addresses the account signed in from
 * before still get through. Every attempt counts, right or wrong, so a guesser learns nothing from
 * which ones were refused; the keys are hashes of the address, so Redis holds no e-mail addresses,
 * and they are the same whether an account exists or not.
 */
@Component
class LoginThrottle {
  /** Addresses remembered per account; the oldest is forgotten first. */
  private static final int KNOWN_ADDRESSES = 20;

  private final WindowCounters counters;
  private final RedissonClient redis;
  private final AccountProperties.LoginThrottle limits;
  private final String knownPrefix;

  LoginThrottle(
      WindowCounters counters,
      RedissonClient redis,
      AccountProperties properties,
      QuireConnectionProperties connection) {
    this.counters = counters;
    this.redis = redis;
    this.limits = properties.loginThrottle();
    this.knownPrefix = connection.amqp().prefix() + ":login:known:";
  }

  /** Notes an attempt; throws 429 when it is over a limit. */
  void attempt(String clientAddress, String email) {
    String account = account(email);
    String addressKey = "login:ip:" + clientAddress;
    String pairKey = "login:pair:" + account + ":" + clientAddress;
    String totalKey = "login:account:" + account;
    boolean addressOver =
        counters.countOver(addressKey, limits.perAddress(), limits.addressWindow());
    boolean pairOver = counters.countOver(pairKey, limits.perAccount(), limits.accountWindow());
    boolean totalOver =
        counters.countOver(totalKey, limits.perAccountTotal(), limits.totalWindow())
            && !known(account, clientAddress);
    if (addressOver) {
      throw refused(
          "Too many sign-in attempts from your address",
          counters.remaining(addressKey, limits.addressWindow()));
    }
    if (pairOver) {
      throw refused(
          "Too many sign-in attempts for this account from your address",
          counters.remaining(pairKey, limits.accountWindow()));
    }
    if (totalOver) {
      throw refused(
          "Too many sign-in attempts for this account from many addresses (it may be under"
              + " attack); addresses it signed in from before still get through",
          counters.remaining(totalKey, limits.totalWindow()));
    }
  }

  /** Remembers the address the account just signed in from, so an attack elsewhere spares it. */
  void succeeded(String clientAddress, String email) {
    RScoredSortedSet<String> known = known(account(email));
    known.add(Instant.now().toEpochMilli(), Hashes.sha256(clientAddress));
    if (known.size() > KNOWN_ADDRESSES) {
      known.removeRangeByRank(0, known.size() - KNOWN_ADDRESSES - 1);
    }
    known.expire(limits.knownAddressTtl());
  }

  private boolean known(String account, String clientAddress) {
    Double lastSeen = known(account).getScore(Hashes.sha256(clientAddress));
    return lastSeen != null
        && Instant.ofEpochMilli(lastSeen.longValue())
            .isAfter(Instant.now().minus(limits.knownAddressTtl()));
  }

  private RScoredSortedSet<String> known(String account) {
    return redis.getScoredSortedSet(knownPrefix + account);
  }

  private static String account(String email) {
    return Hashes.sha256(UserStore.normaliseEmail(email));
  }

  private static ApiException refused(String why, Duration wait) {
    return new ApiException(
            HttpStatus.TOO_MANY_REQUESTS,
            "Too many sign-in attempts",
            why + "; wait " + wait.toSeconds() + " seconds and try again.")
        .with("retryAfterSeconds", wait.toSeconds());
  }
}
