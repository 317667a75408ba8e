package io.enrollmentsync.testing;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.spi.DeadLetterStore;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.OfferResult;
import io.enrollmentsync.spi.QueueStats;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.spi.RejectedDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Passes every call to another queue; test doubles override only the calls they disturb. */
public abstract class ForwardingEventQueue implements EventQueue {
  private final EventQueue delegate;

  /**
   * Wraps a queue.
   *
   * @param delegate the queue that does the work
   */
  protected ForwardingEventQueue(EventQueue delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate == null");
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
  public void ping() {
    delegate.ping();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
