package io.enrollmentsync.memory;

import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.testkit.PollLeaseContract;

/** Runs the poll lease contract in memory: one lease object stands for the shared store. */
class InMemoryPollLeaseTest extends PollLeaseContract {
  private final InMemoryPollLease lease = new InMemoryPollLease();

  @Override
  protected PollLease createPollLease() {
    return lease;
  }
}
