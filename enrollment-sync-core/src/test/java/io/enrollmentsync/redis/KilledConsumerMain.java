package io.enrollmentsync.redis;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import io.enrollmentsync.worker.SyncWorker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.JedisPooled;

/**
 * The consumer process that {@link RedisQueueCrashIT} kills: a worker with one consumer and
 * batches of {@value #BATCH} that, after a given number of effective applies, marks itself stuck
 * in Redis and hangs in the middle of its batch, holding the rest of the batch unacknowledged.
 *
 * <p>Arguments: Redis host, Redis port, key prefix, effective applies before hanging.
 */
public final class KilledConsumerMain {
  /** The batch size of the consumer. */
  static final int BATCH = 10;

  private KilledConsumerMain() {}

  /**
   * Runs the consumer until the process is killed.
   *
   * @param args host, port, prefix, applies before hanging
   * @throws InterruptedException never in practice; the process is killed
   */
  public static void main(String[] args) throws InterruptedException {
    String prefix = args[2];
    int hangAfter = Integer.parseInt(args[3]);
    JedisPooled redis = new JedisPooled(args[0], Integer.parseInt(args[1]));
    RedisEventQueue queue = new RedisEventQueue(redis, RedisQueueCrashIT.queueConfig(prefix));
    RedisApplyLedger ledger = new RedisApplyLedger(redis, prefix);

    SyncWorker.builder()
        .queue(queue)
        .repository(new HangingRepository(ledger, hangAfter, redis, stuckKey(prefix)))
        .consumers(1)
        .batchSize(BATCH)
        .consumerNamePrefix("doomed")
        .build()
        .start();
    Thread.sleep(Long.MAX_VALUE);
  }

  /** The key the child sets when it hangs. */
  static String stuckKey(String prefix) {
    return "{" + prefix + "}:ledger:stuck";
  }

  private static final class HangingRepository implements EnrollmentRepository {
    private final RedisApplyLedger ledger;
    private final int hangAfter;
    private final JedisPooled redis;
    private final String stuckKey;
    private final AtomicInteger effective = new AtomicInteger();

    HangingRepository(RedisApplyLedger ledger, int hangAfter, JedisPooled redis, String stuckKey) {
      this.ledger = ledger;
      this.hangAfter = hangAfter;
      this.redis = redis;
      this.stuckKey = stuckKey;
    }

    @Override
    public ApplyOutcome apply(EnrollmentEvent event) {
      ApplyOutcome outcome = ledger.apply(event);
      if (outcome.changed() && effective.incrementAndGet() == hangAfter) {
        redis.set(stuckKey, event.eventId());
        try {
          Thread.sleep(Duration.ofMinutes(10).toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return outcome;
    }

    @Override
    public Optional<StoredEnrollment> find(long enrollmentId) {
      return ledger.find(enrollmentId);
    }
  }
}
