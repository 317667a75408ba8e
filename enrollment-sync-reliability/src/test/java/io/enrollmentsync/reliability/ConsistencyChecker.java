package io.enrollmentsync.reliability;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import io.enrollmentsync.spi.StoredEnrollment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what the store holds with the truth, and finds accepted events whose effect is missing.
 */
final class ConsistencyChecker {
  private static final Comparator<Version> VERSION =
      Comparator.comparing(Version::updatedAt).thenComparing(Version::occurredAt);

  private ConsistencyChecker() {}

  /**
   * What the comparison found.
   *
   * @param wrongRows rows missing, extra, or with any field unlike the truth
   * @param lost accepted events, not dead-lettered, whose version is newer than the stored one or
   *     whose completion is not stored
   * @param examples a few differences, for the failure message
   */
  record Verdict(int wrongRows, int lost, List<String> examples) {
    boolean consistent() {
      return wrongRows == 0 && lost == 0;
    }
  }

  private record Version(Instant updatedAt, Instant occurredAt) {}

  /**
   * Compares.
   *
   * @param truth the state the store must hold, by enrollment id
   * @param rows what it holds
   * @param accepted every event acknowledged with a 2xx (or otherwise accepted into the queue)
   * @param deadLettered ids of events sitting in the dead-letter store, excused from "lost"
   * @return the verdict
   */
  static Verdict check(Map<Long, StoredEnrollment> truth, Map<Long, StoredEnrollment> rows,
      Collection<EnrollmentEvent> accepted, Set<String> deadLettered) {
    List<String> examples = new ArrayList<>();
    Set<Long> ids = new TreeSet<>(truth.keySet());
    ids.addAll(rows.keySet());
    int wrong = 0;
    for (long id : ids) {
      String diff = difference(truth.get(id), rows.get(id));
      if (diff != null) {
        wrong++;
        if (examples.size() < 5) {
          examples.add("enrollment " + id + ": " + diff);
        }
      }
    }

    int lost = 0;
    for (EnrollmentEvent event : accepted) {
      if (deadLettered.contains(event.eventId())) {
        continue;
      }
      StoredEnrollment row = rows.get(event.enrollmentId());
      if (row == null || missing(row, event)) {
        lost++;
        if (examples.size() < 10) {
          examples.add("event " + event.eventId() + " (enrollment " + event.enrollmentId()
              + ", updated_at " + event.snapshot().updatedAt() + ") not reflected");
        }
      }
    }
    return new Verdict(wrong, lost, List.copyOf(examples));
  }

  private static boolean missing(StoredEnrollment row, EnrollmentEvent event) {
    Version stored = new Version(row.snapshot().updatedAt(), row.eventOccurredAt());
    Version incoming = new Version(event.snapshot().updatedAt(), event.occurredAt());
    return VERSION.compare(stored, incoming) < 0
        || (event.snapshot().completed() && !row.snapshot().completed());
  }

  /** Names the first field that differs, or null when the rows are equal. */
  static String difference(StoredEnrollment expected, StoredEnrollment actual) {
    if (expected == null) {
      return "stored but absent from the truth";
    }
    if (actual == null) {
      return "missing from the store";
    }
    EnrollmentSnapshot e = expected.snapshot();
    EnrollmentSnapshot a = actual.snapshot();
    Object[][] fields = {
        {"user_id", e.userId(), a.userId()},
        {"user_email", e.userEmail(), a.userEmail()},
        {"user_name", e.userName(), a.userName()},
        {"course_id", e.courseId(), a.courseId()},
        {"course_name", e.courseName(), a.courseName()},
        {"percentage_completed", e.percentageCompleted(), a.percentageCompleted()},
        {"completed", e.completed(), a.completed()},
        {"expired", e.expired(), a.expired()},
        {"free_trial", e.freeTrial(), a.freeTrial()},
        {"activated_at", e.activatedAt(), a.activatedAt()},
        {"started_at", e.startedAt(), a.startedAt()},
        {"completed_at", e.completedAt(), a.completedAt()},
        {"expiry_date", e.expiryDate(), a.expiryDate()},
        {"created_at", e.createdAt(), a.createdAt()},
        {"updated_at", e.updatedAt(), a.updatedAt()},
        {"credential_id", e.credentialId(), a.credentialId()},
        {"certificate_url", e.certificateUrl(), a.certificateUrl()},
        {"certificate_expiry_date", e.certificateExpiryDate(), a.certificateExpiryDate()},
        {"event_occurred_at", expected.eventOccurredAt(), actual.eventOccurredAt()},
        {"last_event_id", expected.lastEventId(), actual.lastEventId()},
    };
    for (Object[] f : fields) {
      if (!Objects.equals(f[1], f[2])) {
        String name = (String) f[0];
        // Personal data stays out of test output.
        boolean personal = name.startsWith("user_");
        return name + " is " + (personal ? "<redacted>" : f[2]) + ", expected "
            + (personal ? "<redacted>" : f[1]);
      }
    }
    return null;
  }
}
