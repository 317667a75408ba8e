package io.enrollmentsync.memory;

import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.testing.PollLeaseContract;
import org.junit.jupiter.api.BeforeEach;

class InMemoryPollLeaseTest extends PollLeaseContract {
  private PollLease lease;

  @BeforeEach
  void newLease() {
    lease = new InMemoryPollLease();
  }

  @Override
  protected PollLease instance() {
    // One in-memory store stands for the shared store of several instances.
    return lease;
  }
}
