package io.enrollmentsync.memory;

import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.testkit.EnrollmentRepositoryContract;

/** Runs the repository contract against the in-memory repository. */
class InMemoryEnrollmentRepositoryTest extends EnrollmentRepositoryContract {
  private final InMemoryEnrollmentRepository repository = new InMemoryEnrollmentRepository();

  @Override
  protected EnrollmentRepository createRepository() {
    return repository;
  }
}
