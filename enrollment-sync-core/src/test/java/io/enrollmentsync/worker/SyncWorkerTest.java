package io.enrollmentsync.worker;

import static io.enrollmentsync.testing.Events.progress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.memory.InMemoryEnrollmentRepository;
import io.enrollmentsync.memory.InMemoryEventQueue;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.DeadLetter;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.spi.StoredEnrollment;
import io.enrollmentsync.testing.ForwardingEventQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncWorkerTest {
  private final InMemoryEventQueue queue = new InMemoryEventQueue();
  private final InMemoryEnrollmentRepository store = new InMemoryEnrollmentRepository();
  private final SyncMetrics metrics = new SyncMetrics();
  private SyncWorker worker;

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void poisonEventIsDeadLetteredWhileTheEventsBehindItAreApplied() {
    FlakyRepository repo = new FlakyRepository(store);
    repo.poisoned.add(2L);
    worker = start(repo, 3);
    for (int i = 1; i <= 5; i++) {
      queue.offer(progress("e" + i, i, 10, 0.5));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 1);

    assertThat(List.of(1L, 3L, 4L, 5L)).allSatisfy(id -> assertThat(store.find(id)).isPresent());
    assertThat(store.find(2L)).isEmpty();
    DeadLetter dead = queue.deadLetters().list(null, 10).get(0);
    assertThat(dead.event().eventId()).isEqualTo("e2");
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.error()).contains("poisoned enrollment 2");
    assertThat(metrics.deadLettered().getCount()).isEqualTo(1);
    assertThat(metrics.retried().getCount()).isEqualTo(2);
  }

  @Test
  void deadLetterReplayedAfterTheFaultIsFixedIsApplied() {
    FlakyRepository repo = new FlakyRepository(store);
    repo.poisoned.add(7L);
    worker = start(repo, 1);
    queue.offer(progress("e7", 7, 10, 0.5));
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 1);

    repo.poisoned.clear();
    String id = queue.deadLetters().list(null, 1).get(0).id();

    assertThat(queue.deadLetters().replay(id)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> store.find(7L).isPresent());
    assertThat(queue.deadLetters().size()).isZero();
  }

  @Test
  void failedBatchFallsBackToOneAtATimeSoOnlyTheBadEventFails() {
    FlakyRepository repo = new FlakyRepository(store);
    repo.poisoned.add(3L);
    repo.failBatches = true;
    for (int i = 1; i <= 4; i++) {
      queue.offer(progress("e" + i, i, 10, 0.5));
    }
    worker = start(repo, 1);

    await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 1);

    assertThat(store.size()).isEqualTo(3);
    assertThat(metrics.batchFallbacks().getCount()).isPositive();
  }

  @Test
  void transientFailureIsRetriedWithBackoffAndThenApplied() {
    FlakyRepository repo = new FlakyRepository(store);
    repo.failuresLeft.set(2);
    worker = start(repo, 5);

    queue.offer(progress("e1", 1, 10, 0.5));

    await().atMost(Duration.ofSeconds(10)).until(() -> store.find(1L).isPresent());
    assertThat(queue.deadLetters().size()).isZero();
    assertThat(metrics.retried().getCount()).isEqualTo(2);
  }

  @Test
  void repositoryOutageIsWaitedOutWithoutChargingAttemptsOrDeadLettering() {
    FlakyRepository repo = new FlakyRepository(store);
    repo.storeDown = true;
    worker = start(repo, 1);
    for (int i = 1; i <= 5; i++) {
      queue.offer(progress("e" + i, i, 10, 0.5));
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> metrics.repositoryUnavailable().getCount() >= 3);

    String whileDown = worker.lastRepositoryError();
    repo.storeDown = false;

    await().atMost(Duration.ofSeconds(10)).until(() -> store.size() == 5);
    assertThat(whileDown).contains("database is unreachable");
    assertThat(queue.deadLetters().size()).isZero();
    assertThat(metrics.applyFailed().getCount()).isZero();
    assertThat(metrics.retried().getCount()).isZero();
    assertThat(metrics.batchFallbacks().getCount()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.stats().depth() == 0);
    assertThat(worker.lastRepositoryError()).isNull();
  }

  @Test
  void repositoryLostDuringOneAtATimeFallbackHoldsTheEventsNotYetApplied() {
    FlakyRepository repo = new FlakyRepository(store);
    repo.poisoned.add(1L);
    repo.failBatches = true;
    repo.storeDownAfterApplies.set(2);
    for (int i = 1; i <= 6; i++) {
      queue.offer(progress("e" + i, i, 10, 0.5));
    }
    worker = start(repo, 1);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> metrics.repositoryUnavailable().getCount() >= 2);

    repo.storeDown = false;

    await().atMost(Duration.ofSeconds(10)).until(() -> store.size() == 5);
    assertThat(queue.deadLetters().list(null, 10)).singleElement()
        .satisfies(d -> assertThat(d.event().eventId()).isEqualTo("e1"));
    assertThat(metrics.applyFailed().getCount()).isEqualTo(1);
  }

  @Test
  void stopWhileTheRepositoryIsUnavailableLeavesTheHeldEventsPending() {
    FlakyRepository repo = new FlakyRepository(store);
    repo.storeDown = true;
    worker = start(repo, 1);
    queue.offer(progress("e1", 1, 10, 0.5));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> metrics.repositoryUnavailable().getCount() >= 1);

    boolean clean = worker.stop(Duration.ofSeconds(5));

    assertThat(clean).isTrue();
    assertThat(queue.stats().pending()).isEqualTo(1);
    assertThat(queue.deadLetters().size()).isZero();
    assertThat(store.find(1L)).isEmpty();
  }

  @Test
  void backoffGrowsExponentiallyAndStaysUnderTheCap() {
    SyncWorker w = SyncWorker.builder().queue(queue).repository(store)
        .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();

    for (int attempt = 1; attempt <= 40; attempt++) {
      long ceiling = Math.min(1000, 100L << Math.min(30, attempt - 1));
      assertThat(w.backoff(attempt).toMillis()).isBetween(ceiling / 2, ceiling);
    }
  }

  @Test
  void stopLeavesUntakenEventsInTheQueue() {
    worker = start(store, 3);
    worker.stop(Duration.ofSeconds(5));

    queue.offer(progress("late", 9, 10, 0.5));

    assertThat(worker.isRunning()).isFalse();
    assertThat(queue.stats().ready()).isEqualTo(1);
    assertThat(store.find(9L)).isEmpty();
  }

  @Test
  void eventWhoseTimesAreAtTheEndsOfTimeIsAppliedAndTheConsumersLiveOn() {
    worker = start(store, 3);
    EnrollmentEvent e = progress("ancient", 1, 10, 0.5);
    queue.offer(new EnrollmentEvent(e.eventId(), e.source(), e.topic(), e.action(), e.tenantId(),
        Instant.MIN, Instant.MIN, false, e.snapshot()));
    await().atMost(Duration.ofSeconds(10)).until(() -> store.find(1L).isPresent());

    for (int i = 2; i <= 5; i++) {
      queue.offer(progress("e" + i, i, 10, 0.5));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> store.size() == 5);
    assertThat(worker.consumersAlive()).isEqualTo(2);
    assertThat(metrics.consumerErrors().getCount()).isZero();
    assertThat(metrics.eventLag().getSnapshot().getMax()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void lagIsZeroForTheFutureAndSaturatesInsteadOfOverflowing() {
    Instant now = Instant.parse("2025-03-20T00:00:00Z");

    assertThat(SyncWorker.lagMillis(now.minusMillis(1500), now)).isEqualTo(1500);
    assertThat(SyncWorker.lagMillis(now.plusSeconds(60), now)).isZero();
    assertThat(SyncWorker.lagMillis(Instant.MIN, now)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void unexpectedErrorOnABatchIsCountedAndTheConsumerGoesOnUntilEveryEventIsAcked() {
    InMemoryEventQueue shortVisibility = new InMemoryEventQueue(new InMemoryEventQueue.Config(
        1_000, Duration.ofMillis(200), Duration.ofDays(1), 100, 100), Clock.systemUTC());
    AtomicInteger ackFailuresLeft = new AtomicInteger(1);
    EventQueue failingOnce = new ForwardingEventQueue(shortVisibility) {
      @Override
      public void ack(List<QueuedEvent> events) {
        if (ackFailuresLeft.getAndDecrement() > 0) {
          throw new IllegalStateException("a bug in the queue");
        }
        super.ack(events);
      }
    };
    for (int i = 1; i <= 5; i++) {
      shortVisibility.offer(progress("e" + i, i, 10, 0.5));
    }
    worker = SyncWorker.builder().queue(failingOnce).repository(store).metrics(metrics)
        .consumers(1).batchSize(10).pollTimeout(Duration.ofMillis(20)).build().start();

    await().atMost(Duration.ofSeconds(10)).until(() -> shortVisibility.stats().depth() == 0);

    assertThat(store.size()).isEqualTo(5);
    assertThat(metrics.consumerErrors().getCount()).isEqualTo(1);
    assertThat(worker.consumersAlive()).isEqualTo(1);
  }

  private SyncWorker start(EnrollmentRepository repo, int maxAttempts) {
    return SyncWorker.builder()
        .queue(queue)
        .repository(repo)
        .metrics(metrics)
        .consumers(2)
        .batchSize(10)
        .maxAttempts(maxAttempts)
        .pollTimeout(Duration.ofMillis(20))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(40))
        .build()
        .start();
  }

  /**
   * Fails for poisoned enrollments, for a number of calls, for every batch, or as a whole: while
   * {@code storeDown}, or from the call after {@code storeDownAfterApplies} single applies on.
   */
  private static final class FlakyRepository implements EnrollmentRepository {
    final Set<Long> poisoned = ConcurrentHashMap.newKeySet();
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger storeDownAfterApplies = new AtomicInteger(-1);
    volatile boolean failBatches;
    volatile boolean storeDown;
    private final EnrollmentRepository delegate;

    FlakyRepository(EnrollmentRepository delegate) {
      this.delegate = delegate;
    }

    @Override
    public ApplyOutcome apply(EnrollmentEvent event) {
      if (storeDownAfterApplies.getAndDecrement() == 0) {
        storeDown = true;
      }
      checkStore();
      if (poisoned.contains(event.enrollmentId())) {
        throw new IllegalStateException("poisoned enrollment " + event.enrollmentId());
      }
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("transient failure");
      }
      return delegate.apply(event);
    }

    @Override
    public List<ApplyOutcome> applyAll(List<EnrollmentEvent> events) {
      checkStore();
      if (failBatches && events.size() > 1) {
        throw new IllegalStateException("batch failed");
      }
      return EnrollmentRepository.super.applyAll(events);
    }

    @Override
    public Optional<StoredEnrollment> find(long enrollmentId) {
      return delegate.find(enrollmentId);
    }

    private void checkStore() {
      if (storeDown) {
        throw new SyncStoreUnavailableException("Could not apply: the database is unreachable");
      }
    }
  }
}
