package io.enrollmentsync.thinkific;

import java.time.Duration;

/**
 * Waits. The client waits through it for rate limits and retries, so tests can replace real
 * waiting with a clock that jumps forward.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for the given time.
   *
   * @param duration how long, zero or more
   * @throws InterruptedException when the thread is interrupted while waiting
   * @since 0.1.0
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Returns the sleeper that really waits, with {@link Thread#sleep(long)}.
   *
   * @return the system sleeper
   * @since 0.1.0
   */
  static Sleeper system() {
    return duration -> {
      if (!duration.isNegative() && !duration.isZero()) {
        Thread.sleep(duration.toMillis());
      }
    };
  }
}
