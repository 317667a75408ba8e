package io.enrollmentsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.OfferResult;
import io.enrollmentsync.testing.Events;
import io.enrollmentsync.testing.LocalRedisServer;
import io.enrollmentsync.testing.TestServices;
import io.enrollmentsync.worker.SyncWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The queue's Redis is killed and restarted while webhooks keep arriving and consumers keep
 * working; the consumers resume by themselves and every accepted event is applied.
 *
 * <p>The test's Redis runs with {@code --appendonly yes --appendfsync always}: an offer returns
 * only once its entry is on disk, which is what "accepted" means for a deployment that must not
 * lose events across a Redis restart. A Redis without persistence loses everything it held when
 * it restarts; the queue then re-creates its stream and group by itself, as {@code
 * RedisEventQueueIT} shows, but events it held are gone. The repository (the host's database)
 * lives on the shared Redis, which stays up.
 */
class RedisQueueRestartIT {
  private static final int EVENTS = 300;
  private static final int RESTART_AFTER = 100;

  private final String prefix = TestServices.uniquePrefix();
  private JedisPooled hostDatabase;
  private LocalRedisServer queueRedis;
  private JedisPooled queueClient;

  @BeforeEach
  void start() throws Exception {
    TestServices.Endpoint endpoint = TestServices.redis();
    hostDatabase = new JedisPooled(endpoint.host(), endpoint.port());
    queueRedis = LocalRedisServer.start("--appendonly", "yes", "--appendfsync", "always");
    queueClient = new JedisPooled(new HostAndPort("127.0.0.1", queueRedis.port()),
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(500).socketTimeoutMillis(1000).build());
  }

  @AfterEach
  void stop() throws Exception {
    queueClient.close();
    queueRedis.close();
    RedisTestKeys.deleteAll(hostDatabase, prefix);
    hostDatabase.close();
  }

  @Test
  void consumersResumeAfterRedisRestartsAndEveryAcceptedEventIsApplied() throws Exception {
    RedisEventQueue queue = new RedisEventQueue(queueClient, RedisQueueConfig.builder()
        .keyPrefix(prefix)
        .visibilityTimeout(Duration.ofSeconds(1))
        .blockTime(Duration.ofMillis(200))
        .build());
    RedisApplyLedger ledger = new RedisApplyLedger(hostDatabase, prefix);
    SyncMetrics metrics = new SyncMetrics();
    SyncWorker worker = SyncWorker.builder()
        .queue(queue).repository(ledger).metrics(metrics).consumers(2).batchSize(20)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(100)).maxAttempts(100)
        .consumerNamePrefix("restart").build().start();
    List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger refusals = new AtomicInteger();

    CompletableFuture<Void> webhooks = CompletableFuture.runAsync(() ->
        deliverAll(queue, accepted, refusals));
    await().atMost(Duration.ofSeconds(20)).until(() -> accepted.size() >= RESTART_AFTER);
    queueRedis.kill();
    Thread.sleep(300);
    queueRedis.restart();
    webhooks.get(60, TimeUnit.SECONDS);

    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> ledger.appliedEvents() == EVENTS);
      assertThat(worker.consumersAlive()).as("consumers that survived the restart").isEqualTo(2);
    } finally {
      worker.stop(Duration.ofSeconds(5));
    }
    assertThat(accepted).hasSize(EVENTS);
    assertThat(refusals.get()).as("offers refused while Redis was down").isPositive();
    assertThat(metrics.queueErrors().getCount()).as("queue errors the consumers saw").isPositive();
    assertThat(ledger.effectiveApplies()).containsOnlyKeys(accepted)
        .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
  }

  /**
   * Offers every event, one every few milliseconds; like Thinkific after a 503, it retries an
   * event until the queue takes it (or reports it as already taken).
   */
  private static void deliverAll(
      RedisEventQueue queue, List<String> accepted, AtomicInteger refusals) {
    for (int i = 1; i <= EVENTS; i++) {
      String id = "evt-" + i;
      while (true) {
        try {
          OfferResult result = queue.offer(Events.progress(id, i, 60, 0.5));
          assertThat(result == OfferResult.QUEUED || refusals.get() > 0)
              .as("a duplicate is possible only for a retried offer").isTrue();
          accepted.add(id);
          break;
        } catch (SyncStoreUnavailableException e) {
          refusals.incrementAndGet();
          pause(20);
        }
      }
      pause(3);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
