package io.enrollmentsync.testing;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.memory.InMemoryEventQueue;
import io.enrollmentsync.spi.DeadLetterStore;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.OfferResult;
import io.enrollmentsync.spi.QueueStats;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.spi.RejectedDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An in-memory queue whose {@link #ping()} can be made to fail while everything else works, for
 * health tests. Thread-safe, unlike a Mockito spy stubbed while consumers call it.
 */
public final class FlakyQueue implements EventQueue {
  private final InMemoryEventQueue delegate = new InMemoryEventQueue();
  private final AtomicReference<String> pingError = new AtomicReference<>();

  /**
   * Makes every ping fail until {@link #pingWorks()}.
   *
   * @param message the message of the exception pings throw
   */
  public void pingFails(String message) {
    pingError.set(message);
  }

  /** Makes pings succeed again. */
  public void pingWorks() {
    pingError.set(null);
  }

  @Override
  public void ping() {
    String error = pingError.get();
    if (error != null) {
      throw new SyncStoreUnavailableException(error);
    }
    delegate.ping();
  }

  @Override
  public OfferResult offer(EnrollmentEvent event) {
    return delegate.offer(event);
  }

  @Override
  public List<QueuedEvent> take(String consumer, int max, Duration maxWait)
      throws InterruptedException {
    return delegate.take(consumer, max, maxWait);
  }

  @Override
  public void ack(List<QueuedEvent> events) {
    delegate.ack(events);
  }

  @Override
  public void retry(QueuedEvent event, Instant notBefore, String error) {
    delegate.retry(event, notBefore, error);
  }

  @Override
  public void deadLetter(QueuedEvent event, String error) {
    delegate.deadLetter(event, error);
  }

  @Override
  public void quarantine(RejectedDelivery delivery) {
    delegate.quarantine(delivery);
  }

  @Override
  public List<RejectedDelivery> quarantined(int limit) {
    return delegate.quarantined(limit);
  }

  @Override
  public DeadLetterStore deadLetters() {
    return delegate.deadLetters();
  }

  @Override
  public QueueStats stats() {
    return delegate.stats();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
