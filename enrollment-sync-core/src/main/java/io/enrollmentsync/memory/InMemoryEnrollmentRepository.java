package io.enrollmentsync.memory;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.ApplyRule;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link EnrollmentRepository} in a concurrent map: {@link ApplyRule} applied atomically per
 * enrollment. Its content is lost when the process stops.
 *
 * @since 0.1.0
 */
public final class InMemoryEnrollmentRepository implements EnrollmentRepository {
  private final Map<Long, StoredEnrollment> rows = new ConcurrentHashMap<>();

  /** Creates an empty repository. */
  public InMemoryEnrollmentRepository() {}

  @Override
  public ApplyOutcome apply(EnrollmentEvent event) {
    Objects.requireNonNull(event, "event == null");
    ApplyOutcome[] outcome = new ApplyOutcome[1];
    rows.compute(event.enrollmentId(), (id, current) -> {
      ApplyRule.Result result = ApplyRule.apply(current, event);
      outcome[0] = result.outcome();
      return result.state();
    });
    return outcome[0];
  }

  @Override
  public Optional<StoredEnrollment> find(long enrollmentId) {
    return Optional.ofNullable(rows.get(enrollmentId));
  }

  /**
   * Counts the stored enrollments.
   *
   * @return the count
   */
  public int size() {
    return rows.size();
  }
}
