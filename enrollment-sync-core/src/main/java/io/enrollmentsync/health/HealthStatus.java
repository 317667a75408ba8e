package io.enrollmentsync.health;

/**
 * The status of one health check, or of all of them together; declared from best to worst.
 *
 * @since 0.1.0
 */
public enum HealthStatus {
  /** Everything the check covers works. */
  UP,
  /** Events still flow, but something needs an operator: dead letters, a late poller. */
  DEGRADED,
  /** This instance cannot take or apply events, or the poller was stopped by a bad setting. */
  DOWN;

  /**
   * Returns the worse of this status and another.
   *
   * @param other the other status
   * @return the worse one
   */
  public HealthStatus worst(HealthStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
