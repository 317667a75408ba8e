package io.enrollmentsync.poller;

import java.time.Instant;
import java.util.Objects;

/**
 * A poller's state for health checks and the admin surface.
 *
 * @param state what it is doing
 * @param cursor the last cursor it read or saved, or null when none is known yet
 * @param lastRunAt when the last run that walked (or tried to) started, or null
 * @param lastResult how that run ended, or null
 * @param lastSuccessAt when the last successful run ended, or null
 * @param lastError the error of the last failed run, or null after a success; no credentials
 * @param nextRunAt when the next scheduled run starts, or null when none is scheduled
 * @param startedAt when the schedule was last started, or null while it is stopped; until the
 *     first success, health measures lateness from it
 * @since 0.1.0
 */
public record PollerStatus(
    PollerState state,
    Instant cursor,
    Instant lastRunAt,
    PollResult lastResult,
    Instant lastSuccessAt,
    String lastError,
    Instant nextRunAt,
    Instant startedAt) {

  /** Validates the fields. */
  public PollerStatus {
    Objects.requireNonNull(state, "state == null");
  }

  /**
   * Returns whether the poller can do its job: false only when the API refused its credentials.
   * Transient failures leave it healthy: the next run retries, and the cursor age shows the lag.
   *
   * @return false in {@link PollerState#STOPPED_AUTH_ERROR}
   * @since 0.1.0
   */
  public boolean healthy() {
    return state != PollerState.STOPPED_AUTH_ERROR;
  }
}
