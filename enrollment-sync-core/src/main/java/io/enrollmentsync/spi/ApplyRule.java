package io.enrollmentsync.spi;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import java.time.Instant;

/**
 * The one rule every {@link EnrollmentRepository} honours, as a pure function: given what is
 * stored and an incoming event, what should be stored and what happened.
 *
 * <ul>
 *   <li>Last write wins on the version: the snapshot's {@code updatedAt}, then the event's {@code
 *       occurredAt}. An equal or older version changes nothing ({@link ApplyOutcome#STALE}).
 *   <li>Completion is final: once completed, an enrollment stays completed and its percentage never
 *       drops, while newer snapshots still change its other fields ({@link
 *       ApplyOutcome#KEPT_COMPLETED}).
 *   <li>A completion is never lost to ordering: an older snapshot that is completed still completes
 *       a stored enrollment that is not, without touching its other fields.
 * </ul>
 *
 * <p>Together these make the result independent of the order, and of the number of times, that
 * events arrive. A repository that can run Java inside a transaction may call {@link #apply}
 * directly; one that works in SQL implements the same rule in its statement.
 *
 * @since 0.1.0
 */
public final class ApplyRule {
  private ApplyRule() {}

  /**
   * The result of applying one event.
   *
   * @param outcome what happened
   * @param state what must be stored afterwards; the unchanged current state when stale
   */
  public record Result(ApplyOutcome outcome, StoredEnrollment state) {}

  /**
   * Applies one event to the stored state.
   *
   * @param current what is stored, or null when nothing is
   * @param event the incoming event
   * @return the outcome and the state to store
   */
  public static Result apply(StoredEnrollment current, EnrollmentEvent event) {
    EnrollmentSnapshot incoming = event.snapshot();
    if (current == null) {
      return new Result(ApplyOutcome.INSERTED, stateOf(incoming, event));
    }
    EnrollmentSnapshot stored = current.snapshot();

    int order = incoming.updatedAt().compareTo(stored.updatedAt());
    if (order == 0) {
      order = event.occurredAt().compareTo(current.eventOccurredAt());
    }

    if (order > 0) {
      return applyNewer(stored, incoming, event);
    }
    if (incoming.completed() && !stored.completed()) {
      // An older completion arriving late still completes; the newer fields stay.
      EnrollmentSnapshot completed =
          stored.withCompletion(
              incoming.completedAt(),
              Math.max(stored.percentageCompleted(), incoming.percentageCompleted()));
      return new Result(
          ApplyOutcome.UPDATED,
          new StoredEnrollment(completed, current.eventOccurredAt(), current.lastEventId()));
    }
    return new Result(ApplyOutcome.STALE, current);
  }

  private static Result applyNewer(
      EnrollmentSnapshot stored, EnrollmentSnapshot incoming, EnrollmentEvent event) {
    if (!stored.completed()) {
      return new Result(ApplyOutcome.UPDATED, stateOf(incoming, event));
    }
    double percentage = Math.max(stored.percentageCompleted(), incoming.percentageCompleted());
    Instant completedAt = earliest(stored.completedAt(), incoming.completedAt(), incoming);
    EnrollmentSnapshot merged = incoming.withCompletion(completedAt, percentage);
    ApplyOutcome outcome =
        incoming.completed() ? ApplyOutcome.UPDATED : ApplyOutcome.KEPT_COMPLETED;
    return new Result(outcome, stateOf(merged, event));
  }

  private static Instant earliest(Instant stored, Instant incoming, EnrollmentSnapshot snapshot) {
    if (!snapshot.completed()) {
      return stored;
    }
    if (stored == null) {
      return incoming;
    }
    if (incoming == null) {
      return stored;
    }
    return stored.isBefore(incoming) ? stored : incoming;
  }

  private static StoredEnrollment stateOf(EnrollmentSnapshot snapshot, EnrollmentEvent event) {
    return new StoredEnrollment(snapshot, event.occurredAt(), event.eventId());
  }
}
