package io.enrollmentsync.health;

import io.enrollmentsync.SyncConfigurationException;

/**
 * Thresholds of the built-in health checks.
 *
 * @param deadLetterThreshold the most dead letters that still count as healthy; above it the
 *     dead-letter check is {@link HealthStatus#DEGRADED}
 * @param pollerIntervals how many poll intervals may pass without a successful run before the
 *     poller check is {@link HealthStatus#DEGRADED}
 * @since 0.1.0
 */
public record HealthConfig(long deadLetterThreshold, int pollerIntervals) {

  /** The defaults: any dead letter needs an operator; a poller is late after three intervals. */
  public static final HealthConfig DEFAULTS = new HealthConfig(0, 3);

  /** Validates the thresholds, naming the bad value. */
  public HealthConfig {
    if (deadLetterThreshold < 0) {
      throw new SyncConfigurationException(
          "deadLetterThreshold must be 0 or more, but was " + deadLetterThreshold);
    }
    if (pollerIntervals < 1 || pollerIntervals > 1000) {
      throw new SyncConfigurationException(
          "pollerIntervals must be from 1 to 1000, but was " + pollerIntervals);
    }
  }

  /**
   * Returns these settings with another dead-letter threshold.
   *
   * @param threshold the most dead letters that still count as healthy, 0 or more
   * @return the new settings
   */
  public HealthConfig withDeadLetterThreshold(long threshold) {
    return new HealthConfig(threshold, pollerIntervals);
  }

  /**
   * Returns these settings with another number of poll intervals before the poller is late.
   *
   * @param intervals from 1 to 1000
   * @return the new settings
   */
  public HealthConfig withPollerIntervals(int intervals) {
    return new HealthConfig(deadLetterThreshold, intervals);
  }
}
