package io.enrollmentsync.poller;

/**
 * What a {@link SyncPoller} is doing, for health checks.
 *
 * @since 0.1.0
 */
public enum PollerState {
  /** Not scheduled: never started, or stopped. Manual runs still work. */
  STOPPED,
  /** Scheduled and waiting for the next run. */
  IDLE,
  /** A run is in progress. */
  RUNNING,
  /**
   * The API refused the credentials: scheduled runs stopped. Fix the configuration (or the site's
   * plan) and restart the poller, or trigger a manual run, which resumes the schedule when it
   * succeeds.
   */
  STOPPED_AUTH_ERROR
}
