package io.enrollmentsync.spi;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The one rule every {@link EnrollmentRepository} honours, as a pure function: given what is
 * stored and an incoming event, what should be stored and what happened.
 *
 * <p>The stored row is a function of the set of events applied so far, whatever their order and
 * however often each arrived. Over that set:
 *
 * <ul>
 *   <li>Every field but the three completion fields comes from the snapshot with the greatest
 *       version: its {@code updatedAt}, then its event's {@code occurredAt}. That event also gives
 *       {@code lastEventId} and {@code eventOccurredAt}.
 *   <li>{@code completed} is true when any snapshot in the set is completed: completion is final.
 *   <li>Once completed, {@code percentageCompleted} is 1.0, and {@code completedAt} is the
 *       earliest non-null {@code completedAt} among the completed snapshots, or null when none of
 *       them has one. Until then both come from the snapshot with the greatest version.
 *   <li>Four fields only one source sends: {@code credentialId}, {@code certificateUrl} and
 *       {@code certificateExpiryDate} (on completion webhooks only) and {@code expired} (in Admin
 *       API items only). There a null means "not sent", never "cleared": it never replaces a
 *       value, and a snapshot that is not newer still fills such a field while it is null. The
 *       set alone decides them as long as each holds at most one non-null value across the
 *       events; should two events give two values, the one from the greatest version applied so
 *       far wins, and an older value that arrives after a newer event without the field may
 *       stay until a newer event sends it again.
 * </ul>
 *
 * <p>{@link #apply} adds one event to that set. The outcome is {@link ApplyOutcome#INSERTED} for
 * the first event, {@link ApplyOutcome#KEPT_COMPLETED} when a newer snapshot that is not completed
 * meets a completed row (its fields are taken, the completion is kept), {@link
 * ApplyOutcome#UPDATED} for any other change (a newer version, a completion arriving late, an
 * earlier {@code completedAt} arriving late, or one of the four fields above filled in), and
 * {@link ApplyOutcome#STALE} when nothing changes.
 *
 * <p>"Newer" is strictly greater: two events with the same version are taken to carry the same
 * snapshot, so the second one is {@link ApplyOutcome#STALE}, and a replayed event never changes
 * anything. The set alone decides the row only under that assumption: should two different
 * events share a version exactly, the fields and event id of the one applied first stay, while
 * completion still joins.
 *
 * <p>A repository that can run Java inside a transaction may call {@link #apply} directly; one
 * that works in SQL implements the same rule in its statement.
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
      return new Result(ApplyOutcome.INSERTED, completionJoined(incoming, event, null));
    }
    EnrollmentSnapshot stored = current.snapshot();

    if (isNewer(event, current)) {
      ApplyOutcome outcome = stored.completed() && !incoming.completed()
          ? ApplyOutcome.KEPT_COMPLETED
          : ApplyOutcome.UPDATED;
      StoredEnrollment next = completionJoined(incoming, event, stored);
      return new Result(outcome, new StoredEnrollment(oneSourceFields(next.snapshot(), stored),
          next.eventOccurredAt(), next.lastEventId()));
    }

    EnrollmentSnapshot next = stored;
    if (completesLate(stored, incoming) || completedEarlier(stored, incoming)) {
      next = stored.withCompletion(earliestCompletion(stored, incoming), 1.0);
    }
    next = oneSourceFields(next, incoming);
    if (next.equals(stored)) {
      return new Result(ApplyOutcome.STALE, current);
    }
    return new Result(ApplyOutcome.UPDATED,
        new StoredEnrollment(next, current.eventOccurredAt(), current.lastEventId()));
  }

  /**
   * The snapshot with each of the four one-source fields that it lacks taken from the other
   * one: {@code expired} and the three certificate fields.
   */
  private static EnrollmentSnapshot oneSourceFields(
      EnrollmentSnapshot base, EnrollmentSnapshot other) {
    Boolean expired = base.expired() != null ? base.expired() : other.expired();
    String credentialId = base.credentialId() != null ? base.credentialId() : other.credentialId();
    String certificateUrl =
        base.certificateUrl() != null ? base.certificateUrl() : other.certificateUrl();
    LocalDate certificateExpiry = base.certificateExpiryDate() != null
        ? base.certificateExpiryDate() : other.certificateExpiryDate();
    if (expired == base.expired() && credentialId == base.credentialId()
        && certificateUrl == base.certificateUrl()
        && certificateExpiry == base.certificateExpiryDate()) {
      return base;
    }
    return new EnrollmentSnapshot(base.enrollmentId(), base.userId(), base.userEmail(),
        base.userName(), base.courseId(), base.courseName(), base.percentageCompleted(),
        base.completed(), expired, base.freeTrial(), base.activatedAt(), base.startedAt(),
        base.completedAt(), base.expiryDate(), base.createdAt(), base.updatedAt(), credentialId,
        certificateUrl, certificateExpiry);
  }

  private static boolean isNewer(EnrollmentEvent event, StoredEnrollment current) {
    int order = event.snapshot().updatedAt().compareTo(current.snapshot().updatedAt());
    if (order == 0) {
      order = event.occurredAt().compareTo(current.eventOccurredAt());
    }
    return order > 0;
  }

  /** The incoming snapshot is completed and the stored one is not. */
  private static boolean completesLate(EnrollmentSnapshot stored, EnrollmentSnapshot incoming) {
    return incoming.completed() && !stored.completed();
  }

  /** Both are completed and the incoming one says it happened earlier, or says when at all. */
  private static boolean completedEarlier(EnrollmentSnapshot stored, EnrollmentSnapshot incoming) {
    return stored.completed() && incoming.completed() && incoming.completedAt() != null
        && (stored.completedAt() == null || incoming.completedAt().isBefore(stored.completedAt()));
  }

  /**
   * The incoming snapshot as the winning version, completed when either side is.
   *
   * @param stored the snapshot it replaces, or null when there is none
   */
  private static StoredEnrollment completionJoined(
      EnrollmentSnapshot incoming, EnrollmentEvent event, EnrollmentSnapshot stored) {
    boolean storedCompleted = stored != null && stored.completed();
    EnrollmentSnapshot snapshot = incoming.completed() || storedCompleted
        ? incoming.withCompletion(earliestCompletion(stored, incoming), 1.0)
        : incoming;
    return new StoredEnrollment(snapshot, event.occurredAt(), event.eventId());
  }

  /**
   * The earliest non-null {@code completedAt} of the two snapshots that are completed; a stored
   * row that is completed already holds the earliest of everything applied before.
   *
   * @param stored the stored snapshot, or null when there is none
   */
  private static Instant earliestCompletion(
      EnrollmentSnapshot stored, EnrollmentSnapshot incoming) {
    Instant fromStored = stored != null && stored.completed() ? stored.completedAt() : null;
    Instant fromIncoming = incoming.completed() ? incoming.completedAt() : null;
    if (fromStored == null) {
      return fromIncoming;
    }
    if (fromIncoming == null) {
      return fromStored;
    }
    return fromIncoming.isBefore(fromStored) ? fromIncoming : fromStored;
  }
}
