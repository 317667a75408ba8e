package io.enrollmentsync.spi;

import io.enrollmentsync.EnrollmentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the host keeps its copy of enrollments. Host teams implement it against their own schema,
 * or use the JDBC implementation in {@code io.enrollmentsync.jdbc}.
 *
 * <p>An implementation must honour {@link ApplyRule} exactly: last write wins on the version,
 * completion is final, and a late completion still completes. Applying the same event twice, or a
 * set of events in any order, must leave the same row. It must be safe to call from several
 * threads and several processes at once for the same enrollment: do the version check inside the
 * write (a guarded upsert, or a row lock), never as a separate read.
 *
 * <p>Throw any exception to report a failure: the worker retries the event with backoff and
 * dead-letters it after the configured attempts. Throw {@link
 * io.enrollmentsync.SyncStoreUnavailableException} only when the store as a whole cannot be
 * reached: the worker then holds the events and waits for the store, charging them no attempt,
 * so an outage dead-letters nothing. Run the contract tests of the {@code
 * enrollment-sync-testkit} artifact against an implementation before trusting it.
 *
 * @since 0.1.0
 */
public interface EnrollmentRepository {

  /**
   * Applies one event under {@link ApplyRule}.
   *
   * @param event the event to apply
   * @return what happened
   */
  ApplyOutcome apply(EnrollmentEvent event);

  /**
   * Applies several events, in order, and reports an outcome for each, at the same index.
   *
   * <p>The default applies them one by one. Implementations should override it with a batched
   * write; if the batch fails as a whole they throw, and the worker falls back to {@link #apply}
   * one event at a time so that one bad event does not fail the others. The list may hold several
   * events for the same enrollment.
   *
   * @param events the events, at most the worker's batch size
   * @return one outcome per event, in the same order
   */
  default List<ApplyOutcome> applyAll(List<EnrollmentEvent> events) {
    List<ApplyOutcome> outcomes = new ArrayList<>(events.size());
    for (EnrollmentEvent event : events) {
      outcomes.add(apply(event));
    }
    return outcomes;
  }

  /**
   * Reads one enrollment.
   *
   * @param enrollmentId the enrollment id
   * @return the stored enrollment, or empty when there is none
   */
  Optional<StoredEnrollment> find(long enrollmentId);
}
