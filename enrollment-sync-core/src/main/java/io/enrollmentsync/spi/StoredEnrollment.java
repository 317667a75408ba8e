package io.enrollmentsync.spi;

import io.enrollmentsync.EnrollmentSnapshot;
import java.time.Instant;
import java.util.Objects;

/**
 * An enrollment as a repository holds it: the winning snapshot and the version it was applied at.
 *
 * @param snapshot the stored snapshot
 * @param eventOccurredAt the {@code occurredAt} of the event that carried the stored version; the
 *     tie-breaker when two snapshots share an {@code updatedAt}
 * @param lastEventId the id of the event that carried the stored version
 * @since 0.1.0
 */
public record StoredEnrollment(
    EnrollmentSnapshot snapshot, Instant eventOccurredAt, String lastEventId) {

  /** Validates the fields. */
  public StoredEnrollment {
    Objects.requireNonNull(snapshot, "snapshot == null");
    Objects.requireNonNull(eventOccurredAt, "eventOccurredAt == null");
    Objects.requireNonNull(lastEventId, "lastEventId == null");
  }
}
