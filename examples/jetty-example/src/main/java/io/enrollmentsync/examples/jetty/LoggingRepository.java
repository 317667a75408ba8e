package io.enrollmentsync.examples.jetty;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wraps the real repository to log one line per applied event, for the demo. */
final class LoggingRepository implements EnrollmentRepository {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingRepository.class);

  private final EnrollmentRepository delegate;

  LoggingRepository(EnrollmentRepository delegate) {
    this.delegate = delegate;
  }

  @Override
  public ApplyOutcome apply(EnrollmentEvent event) {
    ApplyOutcome outcome = delegate.apply(event);
    log(event, outcome);
    return outcome;
  }

  @Override
  public List<ApplyOutcome> applyAll(List<EnrollmentEvent> events) {
    List<ApplyOutcome> outcomes = delegate.applyAll(events);
    for (int i = 0; i < events.size(); i++) {
      log(events.get(i), outcomes.get(i));
    }
    return outcomes;
  }

  @Override
  public Optional<StoredEnrollment> find(long enrollmentId) {
    return delegate.find(enrollmentId);
  }

  private static void log(EnrollmentEvent e, ApplyOutcome outcome) {
    LOG.info("event {} {} enrollment {} updated_at {} -> {}", e.eventId(), e.topic(),
        e.enrollmentId(), e.snapshot().updatedAt(), outcome);
  }
}
