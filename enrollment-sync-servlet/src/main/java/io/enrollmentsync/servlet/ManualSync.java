package io.enrollmentsync.servlet;

import io.enrollmentsync.poller.PollRunSummary;
import io.enrollmentsync.poller.SyncPoller;
import java.util.Objects;

/**
 * Runs one poll of the Thinkific Admin API now, for {@code POST /api/enrollments/sync}.
 *
 * <p>{@link #of(SyncPoller)} adapts the poller, and {@link EnrollmentSyncServlets} uses it when
 * the system has a poller and no other manual sync is configured. The servlet refuses a second
 * request while one runs in this process (409) before calling it; a run refused elsewhere, such
 * as on another instance that holds the poll lease, is reported as {@link Result#busy}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ManualSync {

  /**
   * Runs one poll in the calling thread.
   *
   * @return how it ended, with the run summary
   */
  Result runNow();

  /**
   * Adapts a poller: a finished run is completed; a run refused because one is in progress or
   * another instance holds the lease is busy; a failed or refused-credentials run is failed.
   *
   * @param poller the poller
   * @return the manual sync
   */
  static ManualSync of(SyncPoller poller) {
    Objects.requireNonNull(poller, "poller == null");
    return () -> {
      PollRunSummary summary = poller.runNow();
      return switch (summary.result()) {
        case SUCCESS -> Result.completed(summary);
        case ALREADY_RUNNING, LEASE_HELD -> Result.busy(summary);
        case FAILED, AUTH_FAILED -> Result.failed(summary);
      };
    };
  }

  /** How a manual run ended, and so its HTTP status. */
  enum Outcome {
    /** The run finished: 200. */
    COMPLETED(200),
    /** Another run was under way, here or on another instance; nothing was started: 409. */
    BUSY(409),
    /** The run failed, such as on an API error; the cursor kept its last good value: 502. */
    FAILED(502);

    private final int status;

    Outcome(int status) {
      this.status = status;
    }

    /**
     * Returns the HTTP status the servlet answers with.
     *
     * @return the status code
     */
    public int status() {
      return status;
    }
  }

  /**
   * A manual run's outcome and summary.
   *
   * @param outcome how it ended
   * @param summary the run summary, written as JSON: counts, times and cursors, never personal
   *     data or credentials
   * @since 0.1.0
   */
  record Result(Outcome outcome, Object summary) {

    /** Validates the fields. */
    public Result {
      Objects.requireNonNull(outcome, "outcome == null");
      Objects.requireNonNull(summary, "summary == null");
    }

    /**
     * A finished run.
     *
     * @param summary the run summary
     * @return the result
     */
    public static Result completed(Object summary) {
      return new Result(Outcome.COMPLETED, summary);
    }

    /**
     * A run that was not started because another one was under way.
     *
     * @param summary the run summary
     * @return the result
     */
    public static Result busy(Object summary) {
      return new Result(Outcome.BUSY, summary);
    }

    /**
     * A run that failed.
     *
     * @param summary the run summary, with its error
     * @return the result
     */
    public static Result failed(Object summary) {
      return new Result(Outcome.FAILED, summary);
    }
  }
}
