package io.enrollmentsync.webhook;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.OfferResult;
import io.enrollmentsync.testing.ForwardingEventQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** A real queue with a switch that makes {@link #offer} misbehave, for failure paths. */
final class FaultyQueue extends ForwardingEventQueue {
  private final AtomicReference<Function<EnrollmentEvent, OfferResult>> offerFault =
      new AtomicReference<>();

  FaultyQueue(EventQueue delegate) {
    super(delegate);
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
    return fault == null ? super.offer(event) : fault.apply(event);
  }
}
