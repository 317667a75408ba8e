package io.enrollmentsync.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the poller health check reads of a poller at each check; a few fields so any poller's
 * status maps onto it in one expression.
 *
 * @param runningSince when the poller was started, or null when it is not running
 * @param lastSuccess when its last run succeeded, or null when none has yet
 * @param interval the time between runs
 * @param stoppedByAuthError whether it stopped because the Thinkific API refused its credentials
 * @since 0.1.0
 */
public record PollerView(
    Instant runningSince, Instant lastSuccess, Duration interval, boolean stoppedByAuthError) {

  /** Validates the interval. */
  public PollerView {
    Objects.requireNonNull(interval, "interval == null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, but was " + interval);
    }
  }
}
