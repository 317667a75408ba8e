package io.enrollmentsync.spi;

import io.enrollmentsync.EnrollmentEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * An event that failed every attempt, with the last error.
 *
 * @param id the dead-letter store's id for this entry; pass it to replay or discard
 * @param event the event
 * @param error the last error: exception type and message
 * @param attempts how many attempts were made
 * @param enqueuedAt when the event was first queued
 * @param deadAt when it was moved to the dead-letter store
 * @since 0.1.0
 */
public record DeadLetter(
    String id, EnrollmentEvent event, String error, int attempts, Instant enqueuedAt, Instant deadAt) {

  /** Validates the fields. */
  public DeadLetter {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(error, "error == null");
    Objects.requireNonNull(enqueuedAt, "enqueuedAt == null");
    Objects.requireNonNull(deadAt, "deadAt == null");
  }
}
