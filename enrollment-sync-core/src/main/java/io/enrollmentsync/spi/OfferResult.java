package io.enrollmentsync.spi;

/**
 * What {@link EventQueue#offer} did with an event.
 *
 * @since 0.1.0
 */
public enum OfferResult {
  /** The event is new and is now durably queued. */
  QUEUED,
  /** An event with the same id was queued within the dedupe window; nothing was queued. */
  DUPLICATE
}
