package io.enrollmentsync.spi;

import io.enrollmentsync.EnrollmentEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The durable, at-least-once queue between the webhook receiver (and the poller) and the worker.
 *
 * <p>Contract, for every implementation:
 *
 * <ul>
 *   <li>{@link #offer} dedupes on the event id and enqueues in one atomic step: a dedupe mark
 *       without a queued event never exists. When it returns, the event is durable in the store;
 *       when the store cannot take it, it throws {@link
 *       io.enrollmentsync.SyncStoreUnavailableException} and nothing is marked.
 *   <li>An event handed out by {@link #take} stays pending until it is acknowledged, retried or
 *       dead-lettered. If its consumer dies, it is handed out again after the visibility timeout,
 *       measured from its last delivery, with a higher attempt count.
 *   <li>Retried events come back once their time is due; dead-lettered events wait in {@link
 *       #deadLetters()} until an operator acts.
 * </ul>
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface EventQueue extends AutoCloseable {

  /**
   * Queues an event unless one with the same id was queued within the dedupe window.
   *
   * @param event the event
   * @return whether it was queued or dropped as a duplicate
   * @throws io.enrollmentsync.SyncStoreUnavailableException when the store cannot take it now
   */
  OfferResult offer(EnrollmentEvent event);

  /**
   * Hands out up to {@code max} events to one consumer, waiting up to {@code maxWait} for the first
   * one. A consumer first gets back its own unacknowledged events (after a restart under the same
   * name), then events abandoned by dead consumers, due retries, and new events.
   *
   * @param consumer a name unique to this consumer within the process group, stable across
   *     restarts where possible
   * @param max the most events to return, at least 1
   * @param maxWait how long to wait when nothing is ready
   * @return the events, empty when none came in time
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws io.enrollmentsync.SyncStoreUnavailableException when the store cannot be reached
   */
  List<QueuedEvent> take(String consumer, int max, Duration maxWait) throws InterruptedException;

  /**
   * Acknowledges events that were applied: they leave the queue for good.
   *
   * @param events events handed out by {@link #take}
   */
  void ack(List<QueuedEvent> events);

  /**
   * Takes an event back after a failed attempt and hands it out again no earlier than {@code
   * notBefore}, in one atomic step.
   *
   * @param event the event that failed
   * @param notBefore when it may be tried again
   * @param error the error, kept for the dead-letter store
   */
  void retry(QueuedEvent event, Instant notBefore, String error);

  /**
   * Moves an event that failed for the last time to the dead-letter store, in one atomic step.
   *
   * @param event the event
   * @param error the last error
   */
  void deadLetter(QueuedEvent event, String error);

  /**
   * Keeps a delivery that could not be parsed, in a bounded store that drops the oldest first.
   *
   * @param delivery the delivery
   */
  void quarantine(RejectedDelivery delivery);

  /**
   * Lists quarantined deliveries, newest first.
   *
   * @param limit at most this many
   * @return the deliveries
   */
  List<RejectedDelivery> quarantined(int limit);

  /**
   * Returns the operator's view of dead letters.
   *
   * @return the dead-letter store of this queue
   */
  DeadLetterStore deadLetters();

  /**
   * Reads the sizes of the queue's parts.
   *
   * @return the sizes
   * @throws io.enrollmentsync.SyncStoreUnavailableException when the store cannot be reached
   */
  QueueStats stats();

  /**
   * Checks that the store answers.
   *
   * @throws io.enrollmentsync.SyncStoreUnavailableException when it does not
   */
  void ping();

  /** Releases connections; events already queued stay in the store. */
  @Override
  void close();
}
