package io.enrollmentsync;

/**
 * Where an {@link EnrollmentEvent} came from.
 *
 * @since 0.1.0
 */
public enum EventSource {
  /** A webhook delivery from Thinkific. */
  WEBHOOK,
  /** An item read from the Admin API by the sync poller. */
  POLL
}
