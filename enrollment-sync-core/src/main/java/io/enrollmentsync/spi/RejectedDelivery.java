package io.enrollmentsync.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed delivery that could not be parsed, kept so that nothing sent to us vanishes silently.
 *
 * @param id the store's id for this entry
 * @param receivedAt when it arrived
 * @param reason what was wrong, naming the field
 * @param eventId the event id, when it could be read; otherwise null
 * @param body the exact bytes received
 * @since 0.1.0
 */
public record RejectedDelivery(
    String id, Instant receivedAt, String reason, String eventId, byte[] body) {

  /** Validates the fields. */
  public RejectedDelivery {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(body, "body == null");
  }
}
