package io.enrollmentsync.testkit;

import io.enrollmentsync.EnrollmentAction;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import io.enrollmentsync.EventSource;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Builds the snapshots and events the contract tests apply. Every field starts set, with
 * millisecond timestamps, so a test changes only what it is about.
 */
final class SnapshotBuilder {
  /** A fixed moment that every test's times are counted from. */
  static final Instant T0 = Instant.parse("2025-03-18T07:00:00.000Z");

  private final long enrollmentId;
  private Long userId = 310001L;
  private String userEmail = "ada.lovelace@example.com";
  private String userName = "Ada Lovelace";
  private Long courseId = 5021L;
  private String courseName = "Intro to Sourdough";
  private double percentage = 0.25;
  private boolean completed;
  private Boolean expired = false;
  private Boolean freeTrial = false;
  private Instant activatedAt = T0.minusSeconds(86_400).plusMillis(904);
  private Instant startedAt = T0.minusSeconds(43_200).plusMillis(310);
  private Instant completedAt;
  private Instant expiryDate = T0.plusSeconds(365L * 86_400).plusMillis(1);
  private Instant createdAt = T0.minusSeconds(86_400).plusMillis(931);
  private Instant updatedAt = T0;
  private String credentialId = "c0ffee00-1111-4222-8333-444455556666";
  private String certificateUrl = "https://certificates.example.com/c0ffee00.pdf";
  private LocalDate certificateExpiryDate = LocalDate.of(2027, 3, 18);

  private SnapshotBuilder(long enrollmentId) {
    this.enrollmentId = enrollmentId;
  }

  static SnapshotBuilder enrollment(long enrollmentId) {
    return new SnapshotBuilder(enrollmentId);
  }

  /** Starts from an existing snapshot, to change a few fields of it. */
  static SnapshotBuilder from(EnrollmentSnapshot s) {
    SnapshotBuilder b = new SnapshotBuilder(s.enrollmentId());
    b.userId = s.userId();
    b.userEmail = s.userEmail();
    b.userName = s.userName();
    b.courseId = s.courseId();
    b.courseName = s.courseName();
    b.percentage = s.percentageCompleted();
    b.completed = s.completed();
    b.expired = s.expired();
    b.freeTrial = s.freeTrial();
    b.activatedAt = s.activatedAt();
    b.startedAt = s.startedAt();
    b.completedAt = s.completedAt();
    b.expiryDate = s.expiryDate();
    b.createdAt = s.createdAt();
    b.updatedAt = s.updatedAt();
    b.credentialId = s.credentialId();
    b.certificateUrl = s.certificateUrl();
    b.certificateExpiryDate = s.certificateExpiryDate();
    return b;
  }

  /** Sets {@code updatedAt} to {@link #T0} plus the given seconds. */
  SnapshotBuilder updatedAtSecond(long seconds) {
    this.updatedAt = T0.plusSeconds(seconds);
    return this;
  }

  SnapshotBuilder percentage(double percentage) {
    this.percentage = percentage;
    return this;
  }

  /** Marks it completed at the given time, at 100%. */
  SnapshotBuilder completedAt(Instant at) {
    this.completed = true;
    this.completedAt = at;
    this.percentage = 1.0;
    return this;
  }

  /** Marks it completed at the given time and percentage. */
  SnapshotBuilder completedAt(Instant at, double percentage) {
    completedAt(at);
    this.percentage = percentage;
    return this;
  }

  SnapshotBuilder notCompleted() {
    this.completed = false;
    this.completedAt = null;
    return this;
  }

  SnapshotBuilder courseName(String courseName) {
    this.courseName = courseName;
    return this;
  }

  SnapshotBuilder expiryDate(Instant expiryDate) {
    this.expiryDate = expiryDate;
    return this;
  }

  SnapshotBuilder activatedAt(Instant activatedAt) {
    this.activatedAt = activatedAt;
    return this;
  }

  SnapshotBuilder user(Long userId, String email, String name) {
    this.userId = userId;
    this.userEmail = email;
    this.userName = name;
    return this;
  }

  SnapshotBuilder course(Long courseId, String name) {
    this.courseId = courseId;
    this.courseName = name;
    return this;
  }

  SnapshotBuilder flags(Boolean expired, Boolean freeTrial) {
    this.expired = expired;
    this.freeTrial = freeTrial;
    return this;
  }

  SnapshotBuilder dates(Instant activatedAt, Instant startedAt, Instant createdAt) {
    this.activatedAt = activatedAt;
    this.startedAt = startedAt;
    this.createdAt = createdAt;
    return this;
  }

  SnapshotBuilder certificate(String credentialId, String url, LocalDate expiry) {
    this.credentialId = credentialId;
    this.certificateUrl = url;
    this.certificateExpiryDate = expiry;
    return this;
  }

  EnrollmentSnapshot build() {
    return new EnrollmentSnapshot(enrollmentId, userId, userEmail, userName, courseId,
        courseName, percentage, completed, expired, freeTrial, activatedAt, startedAt,
        completedAt, expiryDate, createdAt, updatedAt, credentialId, certificateUrl,
        certificateExpiryDate);
  }

  /** Wraps the snapshot in a webhook event that occurred when the snapshot was updated. */
  EnrollmentEvent event(String eventId) {
    return event(eventId, updatedAt);
  }

  /** Wraps the snapshot in a webhook event that occurred at the given time. */
  EnrollmentEvent event(String eventId, Instant occurredAt) {
    EnrollmentSnapshot snapshot = build();
    EnrollmentAction action =
        snapshot.completed() ? EnrollmentAction.COMPLETED : EnrollmentAction.PROGRESS;
    return new EnrollmentEvent(eventId, EventSource.WEBHOOK, "enrollment." + action.name()
        .toLowerCase(java.util.Locale.ROOT), action, "48213", occurredAt,
        occurredAt.plusMillis(40), false, snapshot);
  }
}
