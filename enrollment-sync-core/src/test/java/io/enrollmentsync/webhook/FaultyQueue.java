package io.enrollmentsync.webhook;

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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** A real queue with a switch that makes {@link #offer} misbehave, for failure paths. */
final class FaultyQueue implements EventQueue {
  private final EventQueue delegate;
  private final AtomicReference<Function<EnrollmentEvent, OfferResult>> offerFault =
      new AtomicReference<>();

  FaultyQueue(EventQueue delegate) {
    this.delegate = delegate;
  }

  /** From now on, offers throw this exception instead of reaching the queue. */
  FaultyQueue failOffers(RuntimeException e) {
    offerFault.set(event -> {
      throw e;
    });
    return this;
  }

  /** From now on, offers answer with this function instead of reaching the queue. */
  FaultyQueue answerOffers(Function<EnrollmentEvent, OfferResult> answer) {
    offerFault.set(answer);
    return this;
  }

  /** Offers reach the queue again. */
  FaultyQueue recover() {
    offerFault.set(null);
    return this;
  }

  @Override
  public OfferResult offer(EnrollmentEvent event) {
    Function<EnrollmentEvent, OfferResult> fault = offerFault.get();
    return fault == null ? delegate.offer(event) : fault.apply(event);
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
