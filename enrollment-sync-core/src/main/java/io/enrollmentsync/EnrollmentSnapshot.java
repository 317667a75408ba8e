package io.enrollmentsync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The full state of one enrollment at one moment, as a webhook payload or an Admin API item
 * describes it.
 *
 * <p>{@code updatedAt} is the version of the snapshot: repositories keep the snapshot with the
 * greatest one (see {@link io.enrollmentsync.spi.ApplyRule}). Fields that one of the two sources
 * does not carry are null: webhooks carry no {@code expired} flag, API items carry no certificate.
 * {@code percentageCompleted} is always a fraction from 0 to 1.
 *
 * @param enrollmentId the enrollment id, the same in webhooks and in the Admin API
 * @param userId the student's user id, or null
 * @param userEmail the student's email, or null; personal data, never logged
 * @param userName the student's full name, or null; personal data, never logged
 * @param courseId the course id, or null
 * @param courseName the course name, or null
 * @param percentageCompleted progress as a fraction from 0.0 to 1.0
 * @param completed whether the enrollment is completed
 * @param expired whether the enrollment has expired, or null when the source does not say
 * @param freeTrial whether this is a free-trial enrollment, or null when the source does not say
 * @param activatedAt when the enrollment was activated, or null
 * @param startedAt when the student started, or null
 * @param completedAt when the student completed, or null
 * @param expiryDate when the enrollment expires, or null
 * @param createdAt when the enrollment was created, or null when the source does not say
 * @param updatedAt when the enrollment last changed: the version of this snapshot
 * @param credentialId the completion credential's id, or null
 * @param certificateUrl the completion certificate's address, or null
 * @param certificateExpiryDate the day the certificate expires, or null
 * @since 0.1.0
 */
public record EnrollmentSnapshot(
    long enrollmentId,
    Long userId,
    String userEmail,
    String userName,
    Long courseId,
    String courseName,
    double percentageCompleted,
    boolean completed,
    Boolean expired,
    Boolean freeTrial,
    Instant activatedAt,
    Instant startedAt,
    Instant completedAt,
    Instant expiryDate,
    Instant createdAt,
    Instant updatedAt,
    String credentialId,
    String certificateUrl,
    LocalDate certificateExpiryDate) {

  /** Validates the fields every snapshot needs. */
  public EnrollmentSnapshot {
    Objects.requireNonNull(updatedAt, "updatedAt == null");
    if (enrollmentId <= 0) {
      throw new IllegalArgumentException("enrollmentId must be positive, but was " + enrollmentId);
    }
    if (!(percentageCompleted >= 0.0 && percentageCompleted <= 1.0)) {
      throw new IllegalArgumentException(
          "percentageCompleted must be a fraction from 0 to 1, but was " + percentageCompleted);
    }
  }

  /**
   * Returns a copy of this snapshot marked completed, with the given completion time and
   * percentage; every other field is kept.
   *
   * @param completedAt the completion time to keep, or null
   * @param percentage the percentage to keep, a fraction from 0 to 1
   * @return the copy
   */
  public EnrollmentSnapshot withCompletion(Instant completedAt, double percentage) {
    return new EnrollmentSnapshot(
        enrollmentId, userId, userEmail, userName, courseId, courseName, percentage, true,
        expired, freeTrial, activatedAt, startedAt, completedAt, expiryDate, createdAt, updatedAt,
        credentialId, certificateUrl, certificateExpiryDate);
  }

  /** Keeps personal data out of logs and exception messages. */
  @Override
  public String toString() {
    return "EnrollmentSnapshot[enrollmentId=" + enrollmentId + ", courseId=" + courseId
        + ", percentageCompleted=" + percentageCompleted + ", completed=" + completed
        + ", updatedAt=" + updatedAt + "]";
  }
}
