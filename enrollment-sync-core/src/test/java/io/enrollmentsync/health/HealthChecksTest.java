package io.enrollmentsync.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.memory.InMemoryEnrollmentRepository;
import io.enrollmentsync.memory.InMemoryEventQueue;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.testing.Events;
import io.enrollmentsync.testing.FlakyQueue;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.worker.SyncWorker;
import io.enrollmentsync.worker.WorkerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthChecksTest {
  private static final Duration INTERVAL = Duration.ofMinutes(3);

  private final Clock clock = Clock.fixed(Events.T0, ZoneOffset.UTC);
  private final InMemoryEventQueue queue = spy(new InMemoryEventQueue());
  private SyncWorker worker;

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.stop(Duration.ofSeconds(5));
    }
    queue.close();
  }

  @Test
  void storeIsUpWhileThePingAnswers() {
    assertThat(HealthChecks.store(queue).check().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void storeIsDownWithTheReasonWhenThePingFails() {
    doThrow(new SyncStoreUnavailableException("connection refused")).when(queue).ping();

    HealthCheckResult result = HealthChecks.store(queue).check();

    assertThat(result.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(result.reason()).contains("connection refused");
  }

  @Test
  void consumersAreDownBeforeTheWorkerStarts() {
    worker = worker(2);

    HealthCheckResult result = HealthChecks.consumers(worker).check();

    assertThat(result.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(result.reason()).contains("not running");
  }

  @Test
  void consumersAreUpWhenEveryConfiguredConsumerIsAlive() {
    worker = worker(2).start();
    await().atMost(Duration.ofSeconds(5)).until(() -> worker.consumersAlive() == 2);

    HealthCheckResult result = HealthChecks.consumers(worker).check();

    assertThat(result.status()).isEqualTo(HealthStatus.UP);
    assertThat(result.reason()).isEqualTo("2 of 2 consumers alive");
  }

  @Test
  void consumersAreDownWhileTheyCannotReadTheQueue() throws InterruptedException {
    doThrow(new SyncStoreUnavailableException("queue is unreachable"))
        .when(queue).take(anyString(), anyInt(), any());
    worker = worker(1).start();
    await().atMost(Duration.ofSeconds(5)).until(() -> worker.lastStoreError() != null);

    HealthCheckResult result = HealthChecks.consumers(worker).check();

    assertThat(result.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(result.reason()).contains("queue is unreachable");
  }

  @Test
  void deadLettersAtTheThresholdAreUpAndAboveItDegraded() throws InterruptedException {
    deadLetter("e1", 1);

    HealthCheckResult atThreshold = HealthChecks.deadLetters(queue, 1).check();
    deadLetter("e2", 2);
    HealthCheckResult above = HealthChecks.deadLetters(queue, 1).check();

    assertThat(atThreshold.status()).isEqualTo(HealthStatus.UP);
    assertThat(above.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(above.reason()).startsWith("2 dead letters (threshold 1)");
  }

  @Test
  void deadLettersAreDownWhenTheyCannotBeCounted() {
    doThrow(new SyncStoreUnavailableException("queue is unreachable")).when(queue).deadLetters();

    HealthCheckResult result = HealthChecks.deadLetters(queue, 0).check();

    assertThat(result.status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void pollerIsUpWithinThreeIntervalsOfItsLastSuccess() {
    PollerView state = new PollerView(
        Events.T0.minusSeconds(3600), Events.T0.minus(INTERVAL.multipliedBy(3)), INTERVAL, false);

    HealthCheckResult result = HealthChecks.poller(() -> state, clock, 3).check();

    assertThat(result.status()).isEqualTo(HealthStatus.UP);
    assertThat(result.reason()).isEqualTo("last successful run 540s ago");
  }

  @Test
  void pollerIsDegradedWhenItsLastSuccessIsOlderThanThreeIntervals() {
    Instant lastSuccess = Events.T0.minus(INTERVAL.multipliedBy(3)).minusSeconds(1);
    PollerView state = new PollerView(Events.T0.minusSeconds(3600), lastSuccess, INTERVAL, false);

    HealthCheckResult result = HealthChecks.poller(() -> state, clock, 3).check();

    assertThat(result.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(result.reason()).contains("541s ago").contains("3 intervals of 180s");
  }

  @Test
  void freshPollerWithoutARunIsUpUntilThreeIntervalsPass() {
    PollerView fresh = new PollerView(Events.T0.minusSeconds(60), null, INTERVAL, false);
    PollerView stuck = new PollerView(Events.T0.minusSeconds(541), null, INTERVAL, false);

    HealthCheckResult freshResult = HealthChecks.poller(() -> fresh, clock, 3).check();
    HealthCheckResult stuckResult = HealthChecks.poller(() -> stuck, clock, 3).check();

    assertThat(freshResult.status()).isEqualTo(HealthStatus.UP);
    assertThat(stuckResult.status()).isEqualTo(HealthStatus.DEGRADED);
  }

  @Test
  void pollerStoppedByAnAuthErrorIsDownEvenWithARecentSuccess() {
    PollerView state = new PollerView(null, Events.T0.minusSeconds(10), INTERVAL, true);

    HealthCheckResult result = HealthChecks.poller(() -> state, clock, 3).check();

    assertThat(result.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(result.reason()).contains("refused the credentials");
  }

  @Test
  void pollerThatIsNotRunningIsDown() {
    PollerView state = new PollerView(null, null, INTERVAL, false);

    assertThat(HealthChecks.poller(() -> state, clock, 3).check().status())
        .isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void enrollmentSyncHealthTurnsDownWhenTheQueuePingFails() {
    FlakyQueue flaky = new FlakyQueue();
    try (EnrollmentSync sync = EnrollmentSync.builder()
        .webhook(WebhookConfig.builder().secret(SampleDeliveries.SECRET).build())
        .queue(flaky)
        .worker(WorkerConfig.builder().pollTimeout(Duration.ofMillis(50)).build())
        .build()
        .start()) {
      await().atMost(Duration.ofSeconds(5))
          .until(() -> sync.health().check().status() == HealthStatus.UP);

      flaky.pingFails("ping timed out");
      HealthReport report = sync.health().check();

      assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(report.check(HealthChecks.STORE).reason()).contains("ping timed out");
      assertThat(sync.health().names())
          .containsExactly(HealthChecks.STORE, HealthChecks.CONSUMERS, HealthChecks.DEAD_LETTERS);
    } finally {
      flaky.close();
    }
  }

  private SyncWorker worker(int consumers) {
    return SyncWorker.builder()
        .queue(queue)
        .repository(new InMemoryEnrollmentRepository())
        .consumers(consumers)
        .pollTimeout(Duration.ofMillis(50))
        .build();
  }

  private void deadLetter(String eventId, long enrollmentId) throws InterruptedException {
    queue.offer(Events.progress(eventId, enrollmentId, 1, 0.5));
    List<QueuedEvent> taken = queue.take("test", 1, Duration.ofSeconds(1));
    queue.deadLetter(taken.get(0), "java.lang.IllegalStateException: boom");
  }
}
