package io.enrollmentsync;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One change to one enrollment, from a webhook or from the poller, carrying the full snapshot of
 * the enrollment after the change.
 *
 * <p>The event id is the dedupe key. For webhooks it is Thinkific's event id, a string of about
 * 23 digits (larger than a {@code long}); for polled items it is derived from the enrollment id
 * and its {@code updated_at} (see {@link #pollEventId}), so the same version polled twice is
 * queued once.
 *
 * @param eventId the dedupe key
 * @param source where the event came from
 * @param topic the topic, such as {@code enrollment.progress}; {@code enrollment.synced} for polls
 * @param action what happened
 * @param tenantId the Thinkific site id, or null when unknown
 * @param occurredAt when the event fired (the envelope's {@code created_at}; for polls, the
 *     enrollment's {@code updated_at})
 * @param receivedAt when this process received it
 * @param unsigned whether it arrived without a signature under the allow-unsigned option
 * @param snapshot the enrollment after the change
 * @since 0.1.0
 */
public record EnrollmentEvent(
    String eventId,
    EventSource source,
    String topic,
    EnrollmentAction action,
    String tenantId,
    Instant occurredAt,
    Instant receivedAt,
    boolean unsigned,
    EnrollmentSnapshot snapshot) {

  /**
   * Orders events by the version they carry: the snapshot's {@code updatedAt}, then the event's
   * {@code occurredAt}. Two events equal under it carry the same version.
   */
  public static final Comparator<EnrollmentEvent> VERSION_ORDER =
      Comparator.comparing((EnrollmentEvent e) -> e.snapshot().updatedAt())
          .thenComparing(EnrollmentEvent::occurredAt);

  /** Validates the fields. */
  public EnrollmentEvent {
    Objects.requireNonNull(eventId, "eventId == null");
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(topic, "topic == null");
    Objects.requireNonNull(action, "action == null");
    Objects.requireNonNull(occurredAt, "occurredAt == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
    Objects.requireNonNull(snapshot, "snapshot == null");
    if (eventId.isBlank()) {
      throw new IllegalArgumentException("eventId must not be blank");
    }
  }

  /**
   * Returns the event id the poller gives to one version of one enrollment.
   *
   * @param enrollmentId the enrollment id
   * @param updatedAt the enrollment's {@code updated_at}
   * @return a stable id such as {@code poll-880102-1742385900000}
   */
  public static String pollEventId(long enrollmentId, Instant updatedAt) {
    return "poll-" + enrollmentId + "-" + updatedAt.toEpochMilli();
  }

  /**
   * Returns the enrollment id of the snapshot, for logs.
   *
   * @return the enrollment id
   */
  public long enrollmentId() {
    return snapshot.enrollmentId();
  }
}
