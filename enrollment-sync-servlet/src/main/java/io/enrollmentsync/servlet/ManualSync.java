package io.enrollmentsync.servlet;

/**
 * Runs one poll of the Thinkific Admin API now, for {@code POST /api/enrollments/sync}.
 *
 * <p>Usually the poller's own {@code runNow}. The servlet refuses a second request while one runs
 * in this process (409); an implementation throws {@link IllegalStateException} when a run is
 * already under way elsewhere, such as on another instance that holds the poll lease, which is
 * answered 409 too.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ManualSync {

  /**
   * Runs one poll in the calling thread and returns its summary.
   *
   * @return the run summary, written as JSON; it must hold counts, times and ids only
   * @throws IllegalStateException when a run is already under way
   */
  Object runNow();
}
