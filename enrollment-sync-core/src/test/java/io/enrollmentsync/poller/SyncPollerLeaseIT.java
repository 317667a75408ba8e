package io.enrollmentsync.poller;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.redis.RedisCursorStore;
import io.enrollmentsync.redis.RedisPollLease;
import io.enrollmentsync.testing.RedisKeyCleaner;
import io.enrollmentsync.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

class SyncPollerLeaseIT {
  private final TestServices.Endpoint redis = TestServices.redis();
  private final UnifiedJedis jedis = new UnifiedJedis(new HostAndPort(redis.host(), redis.port()));
  private final String prefix = TestServices.uniquePrefix();
  private final PollerHarness h = new PollerHarness("2025-03-20T00:00:00Z");
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void cleanUp() {
    release.countDown();
    h.close();
    RedisKeyCleaner.deleteKeys(jedis, prefix);
    jedis.close();
  }

  /** One application instance: its own poller objects over the shared Redis and API. */
  private SyncPoller instance() {
    return SyncPoller.builder()
        .client(new io.enrollmentsync.thinkific.ThinkificClient(h.clientConfig().build()))
        .queue(h.queue)
        .cursors(new RedisCursorStore(jedis, prefix))
        .lease(new RedisPollLease(jedis, prefix))
        .config(h.pollerConfig().build())
        .build();
  }

  @Test
  void twoInstancesRacingForTheLeaseRunExactlyOnce() throws Exception {
    h.api.put(91, "2025-03-19T23:59:00Z");
    new RedisCursorStore(jedis, prefix).save("enrollments", Instant.parse("2025-03-19T23:58:00Z"));
    // The winner's first request waits, so the two runs overlap for sure.
    h.api.intercept(r -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    });
    SyncPoller a = instance();
    SyncPoller b = instance();
    CyclicBarrier together = new CyclicBarrier(2);

    CompletableFuture<PollRunSummary> runA = race(a, together);
    CompletableFuture<PollRunSummary> runB = race(b, together);
    PollRunSummary loser = (PollRunSummary) CompletableFuture.anyOf(runA, runB)
        .get(10, TimeUnit.SECONDS);
    release.countDown();
    List<PollRunSummary> both = List.of(runA.get(10, TimeUnit.SECONDS),
        runB.get(10, TimeUnit.SECONDS));

    assertThat(loser.result()).isEqualTo(PollResult.LEASE_HELD);
    assertThat(both).extracting(PollRunSummary::result)
        .containsExactlyInAnyOrder(PollResult.SUCCESS, PollResult.LEASE_HELD);
    assertThat(h.api.requests()).hasSize(1);
    assertThat(h.drainIds()).containsExactly(91L);
    assertThat(jedis.get("{" + prefix + "}:cursor:enrollments")).isEqualTo("2025-03-19T23:59:55Z");
    assertThat(jedis.exists("{" + prefix + "}:lease:poller")).isFalse();
    a.close();
    b.close();
  }

  @Test
  void instanceRunsAgainOnceTheOtherReleasedTheLease() {
    SyncPoller a = instance();
    SyncPoller b = instance();

    PollRunSummary first = a.runNow();
    h.time.advance(Duration.ofMinutes(3));
    PollRunSummary second = b.runNow();

    assertThat(first.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(second.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(second.cursorBefore()).isEqualTo(first.cursorAfter());
    a.close();
    b.close();
  }

  private static CompletableFuture<PollRunSummary> race(SyncPoller poller, CyclicBarrier start) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        start.await(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return poller.runNow();
    });
  }
}
