package io.enrollmentsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.memory.InMemoryEnrollmentRepository;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.DeadLetter;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import io.enrollmentsync.testing.Events;
import io.enrollmentsync.testing.RedisKeyCleaner;
import io.enrollmentsync.testing.TestServices;
import io.enrollmentsync.worker.SyncWorker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * One event that the repository refuses is dead-lettered after its attempts while the events
 * queued behind it are applied; once the fault is fixed, replaying it applies it.
 */
class RedisQueuePoisonIT {
  private static final int MAX_ATTEMPTS = 3;
  private static final long POISON = 1;
  private static final long EVENTS = 20;

  private final String prefix = TestServices.uniquePrefix();
  private UnifiedJedis redis;

  @BeforeEach
  void connect() {
    redis = openClient();
  }

  @AfterEach
  void cleanUp() {
    RedisKeyCleaner.deleteKeys(redis, prefix);
    redis.close();
  }

  /** Opens the client of one test, closed after it; {@code RedisClusterIT} gives a cluster's. */
  UnifiedJedis openClient() {
    TestServices.Endpoint endpoint = TestServices.redis();
    return new JedisPooled(endpoint.host(), endpoint.port());
  }

  @Test
  void poisonEventIsDeadLetteredWhileOthersAreAppliedThenReplayedAfterTheFix() {
    RedisEventQueue queue = new RedisEventQueue(redis, RedisQueueConfig.builder()
        .keyPrefix(prefix).visibilityTimeout(Duration.ofSeconds(5))
        .blockTime(Duration.ofMillis(100)).build());
    FaultyRepository repository = new FaultyRepository();
    SyncMetrics metrics = new SyncMetrics();
    // The poison is queued first, so every other event sits behind it.
    LongStream.rangeClosed(1, EVENTS).forEach(i ->
        queue.offer(Events.progress("evt-" + i, i, 60, 0.5)));
    SyncWorker worker = SyncWorker.builder()
        .queue(queue).repository(repository).metrics(metrics).consumers(1).batchSize(5)
        .maxAttempts(MAX_ATTEMPTS).backoff(Duration.ofMillis(20), Duration.ofMillis(50))
        .consumerNamePrefix("poison").build().start();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> queue.deadLetters().size() == 1
          && repository.stored() == EVENTS - 1 && queue.stats().depth() == 0);

      List<DeadLetter> dead = queue.deadLetters().list(null, 10);
      assertThat(dead).hasSize(1);
      DeadLetter letter = dead.get(0);
      assertThat(letter.event().eventId()).isEqualTo("evt-" + POISON);
      assertThat(letter.attempts()).isEqualTo(MAX_ATTEMPTS);
      assertThat(letter.error()).contains("chk_enrollment_course");
      // A batch that fails is applied again one event at a time, so calls can exceed attempts.
      assertThat(repository.failedCalls).hasSizeGreaterThanOrEqualTo(MAX_ATTEMPTS);
      assertThat(repository.failedCalls.get(repository.failedCalls.size() - 1))
          .as("events applied behind the poison before its last attempt").isPositive();
      assertThat(metrics.deadLettered().getCount()).isEqualTo(1);

      repository.fixed = true;
      boolean replayed = queue.deadLetters().replay(letter.id());

      assertThat(replayed).isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> repository.stored() == EVENTS);
      assertThat(queue.deadLetters().size()).isZero();
      assertThat(repository.find(POISON)).isPresent();
    } finally {
      worker.stop(Duration.ofSeconds(5));
    }
  }

  /** Refuses the poison enrollment until fixed; records how far the others got at each refusal. */
  private static final class FaultyRepository implements EnrollmentRepository {
    private final InMemoryEnrollmentRepository rows = new InMemoryEnrollmentRepository();
    private final List<Integer> failedCalls = new CopyOnWriteArrayList<>();
    private volatile boolean fixed;

    @Override
    public ApplyOutcome apply(EnrollmentEvent event) {
      if (event.enrollmentId() == POISON && !fixed) {
        failedCalls.add(rows.size());
        throw new IllegalStateException(
            "insert violates check constraint chk_enrollment_course for enrollment " + POISON);
      }
      return rows.apply(event);
    }

    @Override
    public Optional<StoredEnrollment> find(long enrollmentId) {
      return rows.find(enrollmentId);
    }

    long stored() {
      return rows.size();
    }
  }
}
