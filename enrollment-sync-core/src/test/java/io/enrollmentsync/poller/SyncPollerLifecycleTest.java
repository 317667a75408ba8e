package io.enrollmentsync.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.memory.InMemoryPollLease;
import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.testing.FakeThinkificApi;
import io.enrollmentsync.testing.FakeThinkificApi.Answer;
import io.enrollmentsync.webhook.CapturedLog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncPollerLifecycleTest {
  private final PollerHarness h = new PollerHarness("2025-03-20T00:00:00Z");
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    h.close();
  }

  /** Holds every API request until {@link #release} opens. */
  private void blockRequests() {
    h.api.intercept(r -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    });
  }

  private void awaitRequests(int n) {
    await().atMost(Duration.ofSeconds(5)).until(() -> h.api.requests().size() >= n);
  }

  @Test
  void unauthorizedStopsScheduledPollingWithAnErrorStatusAndNoRetryLoop() {
    AtomicBoolean keyRevoked = new AtomicBoolean(true);
    h.api.intercept(r -> keyRevoked.get()
        ? Answer.json(401, "{\"error\":\"Authentication Error\"}") : null);
    SyncPoller poller = h.poller();

    poller.start();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> poller.status().state() == PollerState.STOPPED_AUTH_ERROR
            && poller.status().lastResult() == PollResult.AUTH_FAILED);

    PollerStatus status = poller.status();
    assertThat(status.healthy()).isFalse();
    assertThat(status.nextRunAt()).isNull();
    assertThat(status.lastResult()).isEqualTo(PollResult.AUTH_FAILED);
    assertThat(status.lastError()).contains("401").doesNotContain(FakeThinkificApi.API_KEY);
    assertThat(h.api.requests()).hasSize(1);
    assertThat(h.time.sleeps()).isEmpty();
    assertThat(h.counter("runs.auth_failed")).isEqualTo(1);
  }

  @Test
  void manualRunThatSucceedsAfterAnAuthenticationStopResumesTheSchedule() {
    AtomicBoolean keyRevoked = new AtomicBoolean(true);
    h.api.intercept(r -> keyRevoked.get()
        ? Answer.json(403, "{\"error\":\"Forbidden\"}") : null);
    SyncPoller poller = h.poller(c -> c, c -> c.initialDelay(Duration.ofMinutes(5)));
    poller.start();
    PollRunSummary refused = poller.runNow();

    keyRevoked.set(false);
    PollRunSummary accepted = poller.runNow();

    assertThat(refused.result()).isEqualTo(PollResult.AUTH_FAILED);
    assertThat(accepted.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(poller.status().state()).isEqualTo(PollerState.IDLE);
    assertThat(poller.status().nextRunAt()).isNotNull();
  }

  @Test
  void startedPollerSchedulesItsFirstRunAfterTheInitialDelayPlusJitter() {
    SyncPoller poller = h.poller(c -> c,
        c -> c.initialDelay(Duration.ofMinutes(5)).jitter(Duration.ofSeconds(20)));

    poller.start();

    Instant now = h.time.instant();
    assertThat(poller.status().state()).isEqualTo(PollerState.IDLE);
    assertThat(poller.status().nextRunAt())
        .isBetween(now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofSeconds(320)));
    assertThat(h.api.requests()).isEmpty();
  }

  @Test
  void scheduledRunSchedulesTheNextOneIntervalAfterItEnds() {
    SyncPoller poller = h.poller();

    Instant expectedNext = h.time.instant().plus(Duration.ofMinutes(3));

    poller.start();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> expectedNext.equals(poller.status().nextRunAt()));

    PollerStatus status = poller.status();
    assertThat(status.state()).isEqualTo(PollerState.IDLE);
    assertThat(status.lastResult()).isEqualTo(PollResult.SUCCESS);
    assertThat(status.cursor()).isEqualTo(Instant.parse("2025-03-19T23:59:55Z"));
    assertThat(status.lastSuccessAt()).isNotNull();
    assertThat(h.api.requests()).hasSize(1);
  }

  @Test
  void stoppedPollerHasNoNextRunButStillRunsManually() {
    SyncPoller poller = h.poller(c -> c, c -> c.initialDelay(Duration.ofMinutes(5)));
    poller.start();

    poller.stop();
    PollRunSummary manual = poller.runNow();

    assertThat(poller.status().state()).isEqualTo(PollerState.STOPPED);
    assertThat(poller.status().nextRunAt()).isNull();
    assertThat(manual.result()).isEqualTo(PollResult.SUCCESS);
  }

  @Test
  void closedPollerRefusesToRunAndToStart() {
    SyncPoller poller = h.poller();

    poller.close();

    assertThatThrownBy(poller::runNow).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(poller::start).isInstanceOf(IllegalStateException.class);
    assertThat(h.api.requests()).isEmpty();
  }

  @Test
  void manualRunWhileARunIsInProgressIsRefusedAsAlreadyRunning() throws Exception {
    blockRequests();
    SyncPoller poller = h.poller();
    CompletableFuture<PollRunSummary> first = CompletableFuture.supplyAsync(poller::runNow);
    awaitRequests(1);

    PollRunSummary second = poller.runNow();
    PollerState stateDuringRun = poller.status().state();
    release.countDown();

    assertThat(second.result()).isEqualTo(PollResult.ALREADY_RUNNING);
    assertThat(second.error()).contains("already in progress");
    assertThat(stateDuringRun).isEqualTo(PollerState.RUNNING);
    assertThat(first.get(5, TimeUnit.SECONDS).result()).isEqualTo(PollResult.SUCCESS);
  }

  @Test
  void stopInterruptsAScheduledRunWaitingOnTheApiPromptlyAndLeavesTheCursor() {
    blockRequests();
    h.cursors.save("enrollments", Instant.parse("2025-03-19T23:50:00Z"));
    SyncPoller poller = h.poller();
    poller.start();
    awaitRequests(1);

    long startedStopping = System.nanoTime();
    poller.stop();
    await().atMost(Duration.ofSeconds(2))
        .until(() -> poller.status().state() == PollerState.STOPPED);
    Duration took = Duration.ofNanos(System.nanoTime() - startedStopping);

    assertThat(took).isLessThan(Duration.ofSeconds(2));
    assertThat(poller.status().lastResult()).isEqualTo(PollResult.FAILED);
    assertThat(poller.status().lastError()).contains("interrupted");
    assertThat(h.cursors.current()).isEqualTo(Instant.parse("2025-03-19T23:50:00Z"));
  }

  @Test
  void closeEndsThePollerThreadsEvenWithAScheduledRunWaitingOnTheApi() {
    blockRequests();
    Set<Thread> before = pollerThreads();
    SyncPoller poller = h.poller();
    poller.start();
    awaitRequests(1);
    Set<Thread> ours = pollerThreads();
    ours.removeAll(before);

    poller.close();

    assertThat(ours).isNotEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> ours.stream().noneMatch(Thread::isAlive));
    assertThat(poller.status().state()).isEqualTo(PollerState.STOPPED);
  }

  private static Set<Thread> pollerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("enrollment-sync-poller-"))
        .collect(Collectors.toCollection(HashSet::new));
  }

  @Test
  void runWhileAnotherInstanceHoldsTheLeaseDoesNothing() {
    InMemoryPollLease lease = new InMemoryPollLease();
    PollLease.Held other = lease.tryAcquire("poller", Duration.ofMinutes(1)).orElseThrow();
    SyncPoller poller = h.poller(c -> c, c -> c, lease);

    PollRunSummary summary = poller.runNow();

    assertThat(summary.result()).isEqualTo(PollResult.LEASE_HELD);
    assertThat(h.api.requests()).isEmpty();
    assertThat(h.cursors.saves).isEmpty();
    other.close();
  }

  @Test
  void leaseStoreThatFailsFailsTheRunWithAWarningAndNoRequest() {
    PollLease broken = (name, ttl) -> {
      throw new SyncStoreUnavailableException("lease store down (test)");
    };
    SyncPoller poller = h.poller(c -> c, c -> c, broken);

    PollRunSummary summary;
    List<String> warnings;
    try (CapturedLog log = new CapturedLog()) {
      summary = poller.runNow();
      warnings = log.events("WARN", SyncPoller.class);
    }

    assertThat(summary.result()).isEqualTo(PollResult.FAILED);
    assertThat(summary.error()).isEqualTo("cannot take the poll lease: lease store down (test)");
    assertThat(warnings).singleElement().asString()
        .contains("cannot take its lease 'poller'", "lease store down (test)");
    assertThat(h.api.requests()).isEmpty();
    assertThat(h.cursors.saves).isEmpty();
  }

  @Test
  void leaseIsRenewedWhileARunBlocksLongerThanItsTimeToLiveAndReleasedAfter() throws Exception {
    blockRequests();
    InMemoryPollLease lease = new InMemoryPollLease();
    SyncPoller poller = h.poller(c -> c, c -> c.leaseTtl(Duration.ofSeconds(1)), lease);
    CompletableFuture<PollRunSummary> run = CompletableFuture.supplyAsync(poller::runNow);
    awaitRequests(1);

    // Real time on purpose: the renewal runs on the poller's own thread, by the wall clock. Two
    // and a half times the lease's life: renewed every third of it, it survives a busy machine
    // delaying one renewal by up to two thirds.
    Thread.sleep(2500);
    Optional<PollLease.Held> duringRun = lease.tryAcquire("poller", Duration.ofSeconds(1));
    release.countDown();
    PollRunSummary summary = run.get(5, TimeUnit.SECONDS);
    Optional<PollLease.Held> afterRun = lease.tryAcquire("poller", Duration.ofSeconds(1));

    assertThat(duringRun).isEmpty();
    assertThat(summary.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(afterRun).isPresent();
  }

  @Test
  void runThatLosesItsLeaseStopsWithoutSavingTheCursor() throws Exception {
    h.api.put(81, "2025-03-19T23:59:00Z");
    PollLease losing = (name, ttl) -> Optional.of(new PollLease.Held() {
      @Override
      public boolean renew(Duration newTtl) {
        return false;
      }

      @Override
      public void close() {}
    });
    PollRunSummary summary;
    try (CapturedLog log = new CapturedLog()) {
      // The answer waits for the keeper's WARN, printed once it has marked the lease lost:
      // waiting for the renew call alone raced with that mark.
      h.api.intercept(r -> {
        await().atMost(Duration.ofSeconds(5)).until(() -> log.text().contains("was lost"));
        return null;
      });
      SyncPoller poller = h.poller(c -> c, c -> c.leaseTtl(Duration.ofMillis(150)), losing);

      summary = poller.runNow();
    }

    assertThat(summary.result()).isEqualTo(PollResult.FAILED);
    assertThat(summary.error()).contains("lease 'poller' was lost");
    assertThat(h.cursors.saves).isEmpty();
  }
}
