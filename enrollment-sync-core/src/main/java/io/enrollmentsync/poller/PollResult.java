package io.enrollmentsync.poller;

import java.util.Locale;

/**
 * How one poller run ended.
 *
 * @since 0.1.0
 */
public enum PollResult {
  /** The whole window was queued and the cursor moved to its end. */
  SUCCESS,
  /** The run failed (API, store, lease lost, interrupted); the cursor kept its last good value. */
  FAILED,
  /** The API refused the credentials (401 or 403); scheduled runs stop until fixed. */
  AUTH_FAILED,
  /** Another instance holds the lease and is polling; this one did nothing. */
  LEASE_HELD,
  /** A run of this poller was already in progress; nothing was started. */
  ALREADY_RUNNING;

  /**
   * Returns the name used in metrics, such as {@code lease_held}.
   *
   * @return the lower-case name
   * @since 0.1.0
   */
  public String metricName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
