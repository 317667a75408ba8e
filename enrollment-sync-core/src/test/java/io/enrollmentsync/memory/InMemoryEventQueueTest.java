package io.enrollmentsync.memory;

import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.EventQueueContractTest;
import java.time.Clock;
import java.time.Duration;

/** Runs the queue contract against {@link InMemoryEventQueue}. */
class InMemoryEventQueueTest extends EventQueueContractTest {

  @Override
  protected EventQueue createQueue(Clock clock) {
    return new InMemoryEventQueue(
        new InMemoryEventQueue.Config(
            100_000, VISIBILITY_TIMEOUT, Duration.ofDays(7), 10_000, QUARANTINE_CAPACITY),
        clock);
  }

  @Override
  protected EventQueue reopen(EventQueue queue, Clock clock) {
    // Its events live only in this process: a restart is the same queue.
    return queue;
  }
}
