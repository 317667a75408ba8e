package io.enrollmentsync.testing;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.memory.InMemoryEnrollmentRepository;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory repository that throws for the enrollments a test names, to make dead letters. */
public final class FailingRepository implements EnrollmentRepository {
  private final InMemoryEnrollmentRepository delegate = new InMemoryEnrollmentRepository();
  private final Set<Long> failing = ConcurrentHashMap.newKeySet();

  /**
   * Makes every apply of this enrollment throw, with the student's email in the message.
   *
   * @param enrollmentId the enrollment
   */
  public void failFor(long enrollmentId) {
    failing.add(enrollmentId);
  }

  /** Makes every apply succeed again. */
  public void heal() {
    failing.clear();
  }

  @Override
  public ApplyOutcome apply(EnrollmentEvent event) {
    check(event);
    return delegate.apply(event);
  }

  @Override
  public List<ApplyOutcome> applyAll(List<EnrollmentEvent> events) {
    events.forEach(this::check);
    return delegate.applyAll(events);
  }

  @Override
  public Optional<StoredEnrollment> find(long enrollmentId) {
    return delegate.find(enrollmentId);
  }

  private void check(EnrollmentEvent event) {
    if (failing.contains(event.enrollmentId())) {
      // Like a database error that quotes the row: the admin API must mask the address.
      throw new IllegalStateException("constraint violated for enrollment " + event.enrollmentId()
          + " (" + event.snapshot().userEmail() + ")");
    }
  }
}
