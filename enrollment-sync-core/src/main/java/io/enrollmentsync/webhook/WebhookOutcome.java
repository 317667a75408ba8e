package io.enrollmentsync.webhook;

/**
 * Every answer the receiver can give, with its HTTP status. {@code docs/webhook.md} has the table
 * with the reasons and counters of each.
 *
 * @since 0.1.0
 */
public enum WebhookOutcome {
  /** New event, durably queued. */
  ACCEPTED(202),
  /** Same event id seen within the dedupe window; nothing queued. */
  DUPLICATE(200),
  /** Verified, but a topic this library does not apply (order, user, unknown action). */
  IGNORED(200),
  /** Signature missing, malformed or wrong. */
  UNAUTHORIZED(401),
  /**
   * The body could not be read to its end, or, verified, is empty, is not a valid envelope, or
   * lacks a required field (then its raw bytes are quarantined).
   */
  MALFORMED(400),
  /** Body larger than the limit, declared or read. */
  TOO_LARGE(413),
  /** Content type other than JSON in UTF-8. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** The queue (or the quarantine) cannot take the delivery now; the sender should retry. */
  UNAVAILABLE(503),
  /** An unexpected error inside the receiver; nothing is acknowledged, the sender retries. */
  ERROR(500);

  private final int status;

  WebhookOutcome(int status) {
    this.status = status;
  }

  /**
   * Returns the HTTP status of this outcome.
   *
   * @return the status code
   */
  public int status() {
    return status;
  }

  /**
   * Returns the outcome's name as used in metrics and JSON bodies.
   *
   * @return such as {@code unsupported_media_type}
   */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
