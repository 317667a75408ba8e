package io.enrollmentsync.spi;

import io.enrollmentsync.EnrollmentEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * An event handed to a consumer by {@link EventQueue#take}; hand it back with {@code ack},
 * {@code retry} or {@code deadLetter}.
 *
 * @param deliveryId the queue's own id for this delivery (a stream entry id on Redis)
 * @param event the event
 * @param attempt how many times the event has been handed out, this time included; 1 the first
 *     time. A delivery to a consumer that died counts too.
 * @param enqueuedAt when the event was first queued
 * @since 0.1.0
 */
public record QueuedEvent(String deliveryId, EnrollmentEvent event, int attempt, Instant enqueuedAt) {

  /** Validates the fields. */
  public QueuedEvent {
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(enqueuedAt, "enqueuedAt == null");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, but was " + attempt);
    }
  }
}
