package io.enrollmentsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.testing.Events;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventQueue} must show, run against each implementation by a subclass
 * that says how to create one.
 *
 * <p>The queue under test must be empty and configured with {@link #VISIBILITY_TIMEOUT}, {@link
 * #QUARANTINE_CAPACITY}, a dedupe window of at least a day, no bound on its length, and the
 * {@link Clock} it is given. The clock follows real time and can be moved forward, so that retries
 * come due without sleeping while visibility timeouts still pass in real time.
 */
public abstract class EventQueueContractTest {
  /** The visibility timeout the queue under test must use. */
  protected static final Duration VISIBILITY_TIMEOUT = Duration.ofMillis(200);

  /** The quarantine capacity the queue under test must use. */
  protected static final int QUARANTINE_CAPACITY = 5;

  private static final Duration NO_WAIT = Duration.ZERO;
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /** The clock given to the queue under test. */
  protected final ShiftableClock clock = new ShiftableClock();

  /** The queue under test, new and empty for each test. */
  protected EventQueue queue;

  private final AtomicLong enrollments = new AtomicLong(1000);
  private volatile long lastTakeStartedAt;

  /**
   * Creates an empty queue configured as the class comment says.
   *
   * @param clock the clock the queue must read time from
   * @return the queue
   */
  protected abstract EventQueue createQueue(Clock clock);

  /**
   * Opens the store of {@code queue} again, as a restarted process would. An implementation whose
   * events live only in its own process returns {@code queue} itself.
   *
   * @param queue the queue of the running test
   * @param clock the clock
   * @return a queue over the same events
   */
  protected abstract EventQueue reopen(EventQueue queue, Clock clock);

  @BeforeEach
  final void openQueue() {
    queue = createQueue(clock);
  }

  @AfterEach
  final void closeQueue() {
    queue.close();
  }

  // ---- offer and dedupe ---------------------------------------------------------------------

  @Test
  void offerQueuesANewEventAndDropsAnotherWithTheSameId() {
    EnrollmentEvent first = event("evt-1");

    OfferResult queued = queue.offer(first);
    OfferResult duplicate = queue.offer(event("evt-1"));
    OfferResult other = queue.offer(event("evt-2"));

    assertThat(queued).isEqualTo(OfferResult.QUEUED);
    assertThat(duplicate).isEqualTo(OfferResult.DUPLICATE);
    assertThat(other).isEqualTo(OfferResult.QUEUED);
    assertThat(queue.stats().ready()).isEqualTo(2);
  }

  @Test
  void fiftyConcurrentOffersOfOneIdQueueItExactlyOnce() throws Exception {
    EnrollmentEvent event = event("evt-concurrent");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<OfferResult>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return queue.offer(event);
        }));
      }

      start.countDown();
      List<OfferResult> outcomes = new ArrayList<>();
      for (Future<OfferResult> result : results) {
        outcomes.add(result.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
      }

      assertThat(outcomes).filteredOn(r -> r == OfferResult.QUEUED).hasSize(1);
      assertThat(outcomes).filteredOn(r -> r == OfferResult.DUPLICATE).hasSize(49);
      assertThat(queue.take("a", 100, NO_WAIT)).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void offerOfAnIdAlreadyAppliedAndAcknowledgedIsStillADuplicate() throws Exception {
    queue.offer(event("evt-1"));
    queue.ack(queue.take("a", 10, NO_WAIT));

    OfferResult again = queue.offer(event("evt-1"));

    assertThat(again).isEqualTo(OfferResult.DUPLICATE);
    assertThat(queue.take("a", 10, NO_WAIT)).isEmpty();
  }

  // ---- take and ack -------------------------------------------------------------------------

  @Test
  void takeHandsOutEventsInOfferOrderIntactWithAttemptOne() throws Exception {
    List<EnrollmentEvent> offered = List.of(event("evt-1"), event("evt-2"), event("evt-3"));
    Instant before = clock.instant();
    offered.forEach(queue::offer);

    List<QueuedEvent> taken = queue.take("a", 10, NO_WAIT);

    assertThat(taken).extracting(QueuedEvent::event).containsExactlyElementsOf(offered);
    assertThat(taken).extracting(QueuedEvent::attempt).containsOnly(1);
    assertThat(taken).allSatisfy(q ->
        assertThat(q.enqueuedAt()).isBetween(before.minusMillis(1), clock.instant().plusMillis(1)));
    assertThat(queue.stats()).isEqualTo(new QueueStats(0, 3, 0, 0, 0));
  }

  @Test
  void takeReturnsAtMostMaxEvents() throws Exception {
    for (int i = 0; i < 5; i++) {
      queue.offer(event("evt-" + i));
    }

    List<QueuedEvent> first = queue.take("a", 2, NO_WAIT);
    List<QueuedEvent> rest = queue.take("a", 10, NO_WAIT);

    assertThat(first).hasSize(2);
    assertThat(rest).hasSize(3);
  }

  @Test
  void ackRemovesEventsForGood() throws Exception {
    queue.offer(event("evt-1"));
    queue.offer(event("evt-2"));
    List<QueuedEvent> taken = queue.take("a", 10, NO_WAIT);

    queue.ack(taken);

    assertThat(queue.stats()).isEqualTo(new QueueStats(0, 0, 0, 0, 0));
    await().pollDelay(VISIBILITY_TIMEOUT.multipliedBy(2)).atMost(PATIENCE).untilAsserted(() ->
        assertThat(queue.take("b", 10, NO_WAIT)).isEmpty());
  }

  @Test
  void takeReturnsNothingAfterWaitingWhenTheQueueIsEmpty() throws Exception {
    List<QueuedEvent> taken = queue.take("a", 10, Duration.ofMillis(50));

    assertThat(taken).isEmpty();
  }

  @Test
  void waitingTakeReturnsAnEventOfferedWhileItWaits() throws Exception {
    CompletableFuture<List<QueuedEvent>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return queue.take("a", 10, PATIENCE);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(100);

    queue.offer(event("evt-late"));

    assertThat(waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
        .extracting(q -> q.event().eventId()).containsExactly("evt-late");
  }

  // ---- visibility timeout -------------------------------------------------------------------

  @Test
  void unacknowledgedEventGoesToAnotherConsumerAfterTheVisibilityTimeoutWithAttemptTwo()
      throws Exception {
    queue.offer(event("evt-1"));
    long deliveredAt = System.nanoTime();
    List<QueuedEvent> first = queue.take("a", 10, NO_WAIT);

    List<QueuedEvent> tooEarly = queue.take("b", 10, NO_WAIT);
    boolean stillInvisible = within(VISIBILITY_TIMEOUT, deliveredAt);
    List<QueuedEvent> reclaimed = awaitTake("b");

    assertThat(first).extracting(QueuedEvent::attempt).containsExactly(1);
    if (stillInvisible) {
      assertThat(tooEarly).isEmpty();
    }
    assertThat(reclaimed).extracting(q -> q.event().eventId()).containsExactly("evt-1");
    assertThat(reclaimed).extracting(QueuedEvent::attempt).containsExactly(2);
  }

  @Test
  void visibilityTimeoutCountsFromTheLastDeliveryNotFromEnqueue() throws Exception {
    queue.offer(event("evt-1"));
    queue.take("a", 10, NO_WAIT);
    List<QueuedEvent> reclaimed = awaitTake("b");
    long reclaimedAt = lastTakeStartedAt;

    List<QueuedEvent> rightAfterReclaim = queue.take("c", 10, NO_WAIT);
    boolean stillInvisible = within(VISIBILITY_TIMEOUT, reclaimedAt);
    List<QueuedEvent> third = awaitTake("c");

    assertThat(reclaimed).extracting(QueuedEvent::attempt).containsExactly(2);
    if (stillInvisible) {
      // Counted from enqueue or from the first delivery, the timeout would have passed already.
      assertThat(rightAfterReclaim).isEmpty();
    }
    assertThat(third).extracting(QueuedEvent::attempt).containsExactly(3);
  }

  @Test
  void restartedConsumerGetsItsUnacknowledgedEventsBackWithTheAttemptCounted() throws Exception {
    queue.offer(event("evt-1"));
    queue.offer(event("evt-2"));
    queue.take("a", 2, NO_WAIT);
    queue.offer(event("evt-3"));
    EventQueue restarted = reopen(queue, clock);

    List<QueuedEvent> got = new ArrayList<>();
    await().atMost(PATIENCE).until(() -> {
      got.addAll(restarted.take("a", 10, NO_WAIT));
      return got.size() >= 3;
    });

    assertThat(got).extracting(q -> q.event().eventId() + "@" + q.attempt())
        .containsExactlyInAnyOrder("evt-1@2", "evt-2@2", "evt-3@1");
  }

  // ---- retry --------------------------------------------------------------------------------

  @Test
  void retriedEventComesBackNoEarlierThanNotBeforeWithTheNextAttempt() throws Exception {
    queue.offer(event("evt-1"));
    QueuedEvent taken = queue.take("a", 10, NO_WAIT).get(0);

    queue.retry(taken, clock.instant().plus(Duration.ofHours(1)), "IllegalStateException: db down");

    assertThat(queue.stats()).isEqualTo(new QueueStats(0, 0, 1, 0, 0));
    assertThat(queue.take("a", 10, Duration.ofMillis(50))).isEmpty();
    clock.shift(Duration.ofHours(1).plusSeconds(1));
    List<QueuedEvent> again = queue.take("a", 10, NO_WAIT);
    assertThat(again).extracting(q -> q.event().eventId()).containsExactly("evt-1");
    assertThat(again).extracting(QueuedEvent::attempt).containsExactly(2);
    assertThat(again.get(0).enqueuedAt()).isEqualTo(taken.enqueuedAt());
    assertThat(queue.stats().delayed()).isZero();
  }

  @Test
  void lateRetryOfAnEventAnotherConsumerAcknowledgedDoesNotBringItBack() throws Exception {
    queue.offer(event("evt-1"));
    QueuedEvent slow = queue.take("a", 10, NO_WAIT).get(0);
    queue.ack(awaitTake("b"));

    queue.retry(slow, clock.instant(), "TimeoutException: too slow");

    clock.shift(Duration.ofMinutes(1));
    assertThat(queue.take("a", 10, NO_WAIT)).isEmpty();
    assertThat(queue.stats()).isEqualTo(new QueueStats(0, 0, 0, 0, 0));
  }

  // ---- dead letters -------------------------------------------------------------------------

  @Test
  void deadLetterKeepsTheEventWithItsErrorAttemptsAndTimes() throws Exception {
    EnrollmentEvent event = event("evt-poison");
    queue.offer(event);
    QueuedEvent first = queue.take("a", 10, NO_WAIT).get(0);
    queue.retry(first, clock.instant(), "IllegalStateException: attempt 1");
    clock.shift(Duration.ofSeconds(1));
    QueuedEvent second = queue.take("a", 10, NO_WAIT).get(0);
    Instant deadAt = clock.instant();

    queue.deadLetter(second, "IllegalStateException: attempt 2");

    List<DeadLetter> dead = queue.deadLetters().list(null, 10);
    assertThat(dead).hasSize(1);
    DeadLetter letter = dead.get(0);
    assertThat(letter.event()).isEqualTo(event);
    assertThat(letter.error()).isEqualTo("IllegalStateException: attempt 2");
    assertThat(letter.attempts()).isEqualTo(2);
    assertThat(letter.enqueuedAt()).isEqualTo(first.enqueuedAt());
    assertThat(letter.deadAt()).isBetween(deadAt.minusMillis(1), clock.instant().plusMillis(1));
    assertThat(queue.deadLetters().get(letter.id())).contains(letter);
    assertThat(queue.stats()).isEqualTo(new QueueStats(0, 0, 0, 1, 0));
  }

  @Test
  void deadLettersAreListedOldestFirstInPages() throws Exception {
    List<DeadLetter> all = deadLetters(5);

    List<DeadLetter> page1 = queue.deadLetters().list(null, 2);
    List<DeadLetter> page2 = queue.deadLetters().list(page1.get(1).id(), 2);
    List<DeadLetter> page3 = queue.deadLetters().list(page2.get(1).id(), 2);

    assertThat(ids(page1)).containsExactly("evt-0", "evt-1");
    assertThat(ids(page2)).containsExactly("evt-2", "evt-3");
    assertThat(ids(page3)).containsExactly("evt-4");
    assertThat(all).hasSize(5);
    assertThat(queue.deadLetters().size()).isEqualTo(5);
  }

  @Test
  void pagingGoesOnAfterAnIdThatWasReplayedMeanwhile() throws Exception {
    deadLetters(4);
    List<DeadLetter> page1 = queue.deadLetters().list(null, 2);
    queue.deadLetters().replay(page1.get(1).id());

    List<DeadLetter> page2 = queue.deadLetters().list(page1.get(1).id(), 10);

    assertThat(ids(page2)).containsExactly("evt-2", "evt-3");
  }

  @Test
  void replayPutsOneDeadLetterBackWithAFreshAttemptCount() throws Exception {
    List<DeadLetter> dead = deadLetters(2);
    String id = dead.get(0).id();

    boolean replayed = queue.deadLetters().replay(id);

    assertThat(replayed).isTrue();
    assertThat(queue.deadLetters().get(id)).isEmpty();
    assertThat(queue.deadLetters().size()).isEqualTo(1);
    List<QueuedEvent> again = queue.take("a", 10, NO_WAIT);
    assertThat(again).extracting(q -> q.event().eventId()).containsExactly("evt-0");
    assertThat(again).extracting(QueuedEvent::attempt).containsExactly(1);
    assertThat(queue.deadLetters().replay(id)).isFalse();
  }

  @Test
  void replayAllPutsEveryDeadLetterBack() throws Exception {
    deadLetters(3);

    int replayed = queue.deadLetters().replayAll();

    assertThat(replayed).isEqualTo(3);
    assertThat(queue.deadLetters().size()).isZero();
    assertThat(queue.take("a", 10, NO_WAIT))
        .extracting(q -> q.event().eventId() + "@" + q.attempt())
        .containsExactly("evt-0@1", "evt-1@1", "evt-2@1");
  }

  @Test
  void discardRemovesOneDeadLetterForGood() throws Exception {
    List<DeadLetter> dead = deadLetters(2);
    String id = dead.get(1).id();

    boolean discarded = queue.deadLetters().discard(id);

    assertThat(discarded).isTrue();
    assertThat(queue.deadLetters().discard(id)).isFalse();
    assertThat(ids(queue.deadLetters().list(null, 10))).containsExactly("evt-0");
    assertThat(queue.take("a", 10, NO_WAIT)).isEmpty();
  }

  @Test
  void unknownDeadLetterIdIsReportedAsAbsent() {
    assertThat(queue.deadLetters().get("1-0")).isEmpty();
    assertThat(queue.deadLetters().replay("1-0")).isFalse();
    assertThat(queue.deadLetters().discard("no-such-id")).isFalse();
    assertThat(queue.deadLetters().replayAll()).isZero();
  }

  /**
   * Ids of the right shape whose numbers do not fit (a Redis stream id's parts are at most 2^64-1;
   * a store may allow less), and ids of the other built-in store's shape. None can be an id here.
   */
  private static final List<String> IDS_OUT_OF_RANGE = List.of(
      "99999999999999999999-0", "0-99999999999999999999", "18446744073709551616-0",
      "9223372036854775808-0", "d-99999999999999999999", "d-9223372036854775808");

  @Test
  void afterIdOutOfRangeIsRefusedAsMalformedNotAsAStoreFailure() throws Exception {
    deadLetters(1);

    for (String id : IDS_OUT_OF_RANGE) {
      assertThatThrownBy(() -> queue.deadLetters().list(id, 10))
          .as("list after %s", id)
          .isInstanceOf(IllegalArgumentException.class)
          .isNotInstanceOf(SyncStoreUnavailableException.class);
    }
    assertThatThrownBy(() -> queue.deadLetters().list("-", 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deadLetterIdOutOfRangeIsReportedAsAbsentNotAsAStoreFailure() throws Exception {
    deadLetters(1);

    for (String id : IDS_OUT_OF_RANGE) {
      assertThat(queue.deadLetters().get(id)).as("get %s", id).isEmpty();
      assertThat(queue.deadLetters().replay(id)).as("replay %s", id).isFalse();
      assertThat(queue.deadLetters().discard(id)).as("discard %s", id).isFalse();
    }
    assertThat(queue.deadLetters().size()).isEqualTo(1);
  }

  // ---- quarantine and stats -----------------------------------------------------------------

  @Test
  void quarantineKeepsTheNewestDeliveriesUpToItsCapacity() {
    Instant at = clock.instant();
    for (int i = 1; i <= QUARANTINE_CAPACITY + 2; i++) {
      queue.quarantine(new RejectedDelivery("rej-" + i, at.plusSeconds(i), "payload.id: missing",
          i % 2 == 0 ? "evt-" + i : null, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }

    List<RejectedDelivery> kept = queue.quarantined(100);

    assertThat(kept).hasSize(QUARANTINE_CAPACITY);
    assertThat(kept).extracting(RejectedDelivery::body)
        .extracting(b -> new String(b, StandardCharsets.UTF_8))
        .containsExactly("{\"n\":7}", "{\"n\":6}", "{\"n\":5}", "{\"n\":4}", "{\"n\":3}");
    RejectedDelivery newest = kept.get(0);
    assertThat(newest.reason()).isEqualTo("payload.id: missing");
    assertThat(newest.eventId()).isNull();
    assertThat(newest.receivedAt()).isEqualTo(at.plusSeconds(7));
    assertThat(kept.get(1).eventId()).isEqualTo("evt-6");
    assertThat(queue.quarantined(2)).hasSize(2);
    assertThat(queue.stats().quarantined()).isEqualTo(QUARANTINE_CAPACITY);
  }

  @Test
  void statsCountEachPartOfTheQueue() throws Exception {
    for (int i = 0; i < 4; i++) {
      queue.offer(event("evt-" + i));
    }
    List<QueuedEvent> taken = queue.take("a", 2, NO_WAIT);
    queue.retry(taken.get(0), clock.instant().plus(Duration.ofHours(1)), "boom");
    queue.deadLetter(taken.get(1), "boom");
    queue.quarantine(new RejectedDelivery("rej-1", clock.instant(), "body: not valid JSON", null,
        new byte[] {'{'}));

    QueueStats stats = queue.stats();

    assertThat(stats).isEqualTo(new QueueStats(2, 0, 1, 1, 1));
    assertThat(stats.depth()).isEqualTo(3);
  }

  @Test
  void pingSucceedsWhileTheStoreAnswers() {
    assertThatCode(queue::ping).doesNotThrowAnyException();
  }

  @Test
  void closedQueueRefusesOffersAsUnavailableAndHandsOutNothing() throws Exception {
    queue.offer(event("evt-1"));

    queue.close();

    assertThatThrownBy(() -> queue.offer(event("evt-2")))
        .isInstanceOf(SyncStoreUnavailableException.class);
    assertThat(queue.take("a", 10, Duration.ofMillis(50))).isEmpty();
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Builds an event for its own enrollment, so events never compete for one row. */
  protected EnrollmentEvent event(String eventId) {
    return Events.progress(eventId, enrollments.incrementAndGet(), 60, 0.25);
  }

  /**
   * Tells whether less than {@code timeout} has passed since {@code startNanos}. A check that an
   * event is still invisible is only meaningful then: on a machine so loaded that the test thread
   * stalled past the visibility timeout, the event may rightly be visible again.
   */
  private static boolean within(Duration timeout, long startNanos) {
    return System.nanoTime() - startNanos < timeout.toNanos();
  }

  /** Takes until something comes, and notes in {@link #lastTakeStartedAt} when that take began. */
  private List<QueuedEvent> awaitTake(String consumer) {
    AtomicReference<List<QueuedEvent>> got = new AtomicReference<>(List.of());
    await().atMost(PATIENCE).until(() -> {
      lastTakeStartedAt = System.nanoTime();
      got.set(queue.take(consumer, 10, NO_WAIT));
      return !got.get().isEmpty();
    });
    return got.get();
  }

  /** Queues, takes and dead-letters events evt-0 .. evt-(n-1), in that order. */
  private List<DeadLetter> deadLetters(int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      queue.offer(event("evt-" + i));
    }
    List<QueuedEvent> taken = queue.take("a", n, NO_WAIT);
    assertThat(taken).hasSize(n);
    for (QueuedEvent q : taken) {
      queue.deadLetter(q, "IllegalStateException: failed " + q.event().eventId());
    }
    return queue.deadLetters().list(null, 100);
  }

  private static List<String> ids(List<DeadLetter> letters) {
    return letters.stream().map(d -> d.event().eventId()).toList();
  }

  /** A clock that follows real time and can be moved forward. */
  protected static final class ShiftableClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();

    /**
     * Moves the clock forward.
     *
     * @param amount how far
     */
    public void shift(Duration amount) {
      offsetMillis.addAndGet(amount.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the test clock stays in UTC");
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(System.currentTimeMillis() + offsetMillis.get());
    }
  }
}
