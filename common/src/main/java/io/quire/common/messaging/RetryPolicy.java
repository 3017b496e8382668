package io.quire.common.messaging;

import java.time.Duration;

/**
 * How often a failing job is retried in the worker before it is dead-lettered.
 *
 * @param maxAttempts attempts in all, including the first
 * @param initialBackoff wait before the second attempt
 * @param multiplier growth of the wait per attempt
 * @param maxBackoff upper bound of one wait
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

  public static RetryPolicy standard() {
    return new RetryPolicy(3, Duration.ofMillis(500), 2.0, Duration.ofSeconds(10));
  }

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be at least 1");
    }
  }

  /** The wait after the given failed attempt (1-based). */
  public Duration backoffAfter(int attempt) {
    double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
    return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
  }
}
