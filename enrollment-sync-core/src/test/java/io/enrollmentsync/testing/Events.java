package io.enrollmentsync.testing;

import io.enrollmentsync.EnrollmentAction;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import io.enrollmentsync.EventSource;
import java.time.Instant;

/** Builds events for tests without repeating every snapshot field. */
public final class Events {
  /** A fixed instant tests count from. */
  public static final Instant T0 = Instant.parse("2025-03-14T10:00:00Z");

  private Events() {}

  /**
   * A progress event for one enrollment at one version.
   *
   * @param eventId the event id
   * @param enrollmentId the enrollment
   * @param updatedAtSeconds the version, seconds after {@link #T0}
   * @param fraction the percentage as a fraction
   * @return the event
   */
  public static EnrollmentEvent progress(
      String eventId, long enrollmentId, long updatedAtSeconds, double fraction) {
    return event(eventId, enrollmentId, updatedAtSeconds, fraction, fraction >= 1.0);
  }

  /**
   * An event with every choice explicit.
   *
   * @param eventId the event id
   * @param enrollmentId the enrollment
   * @param updatedAtSeconds the version, seconds after {@link #T0}
   * @param fraction the percentage as a fraction
   * @param completed whether it is completed
   * @return the event
   */
  public static EnrollmentEvent event(
      String eventId, long enrollmentId, long updatedAtSeconds, double fraction,
      boolean completed) {
    Instant updatedAt = T0.plusSeconds(updatedAtSeconds);
    EnrollmentSnapshot snapshot = new EnrollmentSnapshot(
        enrollmentId, 310000L + enrollmentId, "user" + enrollmentId + "@example.com",
        "User " + enrollmentId, 5021L, "Intro to Sourdough", fraction, completed, null, false,
        T0, T0, completed ? updatedAt : null, null, T0, updatedAt, null, null, null);
    return new EnrollmentEvent(
        eventId, EventSource.WEBHOOK,
        completed ? "enrollment.completed" : "enrollment.progress",
        completed ? EnrollmentAction.COMPLETED : EnrollmentAction.PROGRESS,
        "48213", updatedAt, updatedAt, false, snapshot);
  }
}
