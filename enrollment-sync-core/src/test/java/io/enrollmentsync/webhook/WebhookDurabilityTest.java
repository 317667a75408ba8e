package io.enrollmentsync.webhook;

import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.memory.InMemoryEventQueue;
import io.enrollmentsync.spi.EventQueue;
import java.time.Clock;
import java.time.Duration;

/** The dedupe and durability contract on the in-memory queue. */
class WebhookDurabilityTest extends WebhookDurabilityContract {

  @Override
  protected EventQueue queue() {
    return new InMemoryEventQueue();
  }

  @Override
  protected EventQueue unreachableQueue() {
    InMemoryEventQueue closed = new InMemoryEventQueue();
    closed.close();
    return closed;
  }

  @Override
  protected EventQueue queueHoldingAtMost(int events) {
    return new InMemoryEventQueue(new InMemoryEventQueue.Config(
        events, Duration.ofSeconds(30), Duration.ofDays(7), 100, 100), Clock.systemUTC());
  }

  @Override
  protected Outage outage() {
    FaultyQueue queue = new FaultyQueue(new InMemoryEventQueue());
    return new Outage() {
      @Override
      public EventQueue queue() {
        return queue;
      }

      @Override
      public void begin() {
        queue.failOffers(new SyncStoreUnavailableException("in-memory store taken down by test"));
      }

      @Override
      public void end() {
        queue.recover();
      }
    };
  }
}
