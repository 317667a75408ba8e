package io.enrollmentsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.testing.Events;
import io.enrollmentsync.testing.TestServices;
import io.enrollmentsync.worker.SyncWorker;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * A consumer in another JVM is killed with SIGKILL in the middle of a batch; a consumer in this
 * JVM takes over its unacknowledged events after the visibility timeout, and every event ends up
 * applied exactly once.
 */
class RedisQueueCrashIT {
  private static final int EVENTS = 200;
  private static final int HANG_AFTER = 35;

  private final String prefix = TestServices.uniquePrefix();
  private TestServices.Endpoint endpoint;
  private JedisPooled redis;
  private Process child;

  /** The settings both processes use. */
  static RedisQueueConfig queueConfig(String prefix) {
    return RedisQueueConfig.builder()
        .keyPrefix(prefix)
        .visibilityTimeout(Duration.ofMillis(500))
        .blockTime(Duration.ofMillis(200))
        .build();
  }

  @BeforeEach
  void connect() {
    endpoint = TestServices.redis();
    redis = new JedisPooled(endpoint.host(), endpoint.port());
  }

  @AfterEach
  void cleanUp() {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
    }
    RedisTestKeys.deleteAll(redis, prefix);
    redis.close();
  }

  @Test
  void consumerKilledMidBatchLosesNothingAndEveryEventIsAppliedExactlyOnce() throws Exception {
    RedisEventQueue queue = new RedisEventQueue(redis, queueConfig(prefix));
    for (int i = 1; i <= EVENTS; i++) {
      queue.offer(Events.progress("evt-" + i, i, 60, 0.5));
    }
    RedisApplyLedger ledger = new RedisApplyLedger(redis, prefix);
    child = startChild();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> redis.exists(KilledConsumerMain.stuckKey(prefix)) || !child.isAlive());
    assertThat(child.isAlive()).as("the child consumer hangs mid-batch").isTrue();

    child.destroyForcibly().waitFor();

    assertThat(child.exitValue()).as("exit status of a process killed by SIGKILL").isEqualTo(137);
    long appliedByChild = ledger.appliedEvents();
    SyncWorker survivor = SyncWorker.builder()
        .queue(queue).repository(ledger).consumers(2).batchSize(KilledConsumerMain.BATCH)
        .consumerNamePrefix("survivor").build().start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() ->
          ledger.appliedEvents() == EVENTS && queue.stats().depth() == 0);
    } finally {
      survivor.stop(Duration.ofSeconds(5));
    }

    Map<String, Long> applied = ledger.effectiveApplies();
    Map<String, Long> deliveredAgain = ledger.calls().entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(appliedByChild).isEqualTo(HANG_AFTER);
    assertThat(applied).hasSize(EVENTS).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    // The events the child applied in its last batch but never acknowledged came back once more,
    // and the repository found them stale.
    assertThat(deliveredAgain).isNotEmpty().hasSizeLessThanOrEqualTo(KilledConsumerMain.BATCH)
        .allSatisfy((id, n) -> assertThat(n).isEqualTo(2));
  }

  private Process startChild() throws Exception {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(), "-cp", System.getProperty("java.class.path"),
            KilledConsumerMain.class.getName(), endpoint.host(), Integer.toString(endpoint.port()),
            prefix, Integer.toString(HANG_AFTER))
        .inheritIO()
        .start();
  }
}
