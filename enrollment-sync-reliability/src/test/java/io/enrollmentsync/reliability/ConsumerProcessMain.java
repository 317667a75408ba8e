package io.enrollmentsync.reliability;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.jdbc.JdbcEnrollmentRepository;
import io.enrollmentsync.jdbc.SqlDialect;
import io.enrollmentsync.redis.RedisEventQueue;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.worker.WorkerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * A consumer JVM for scenario 1: an {@link EnrollmentSync} whose worker drains the scenario's
 * queue into its table, lingering up to {@value #LINGER_MS} ms to fill its batches. Once the test
 * sets the arm key, the next batch of at least {@value #MIN_HUNG_BATCH} events is written and
 * committed, and then the consumer hangs before acknowledging it, after setting the stuck key: the
 * test then kills the process with SIGKILL, mid-batch.
 *
 * <p>Arguments: Redis host, Redis port, key prefix, JDBC URL, JDBC user, table, consumer name
 * prefix, arm key (or "-" never to hang), stuck key.
 */
public final class ConsumerProcessMain {
  static final int LINGER_MS = 300;
  static final int MIN_HUNG_BATCH = 10;

  private ConsumerProcessMain() {}

  /**
   * Runs until killed.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) throws Exception {
    String prefix = args[2];
    JedisPooled redis = SyncNode.redis(args[0], Integer.parseInt(args[1]));
    RedisEventQueue queue = new RedisEventQueue(redis, Scenario.queueConfig(prefix));
    EnrollmentRepository repository = JdbcEnrollmentRepository
        .builder(SyncNode.dataSource(args[3], args[4], "consumer"))
        .dialect(SqlDialect.POSTGRESQL).tableName(args[5]).build();
    EnrollmentSync sync = EnrollmentSync.builder()
        .webhook(WebhookConfig.builder().secret(SyncNode.SECRET).build())
        .queue(queue)
        .repository(new HangingRepository(repository, redis, args[7], args[8]))
        .worker(WorkerConfig.builder().consumerNamePrefix(args[6])
            .linger(Duration.ofMillis(LINGER_MS)).build())
        .build()
        .start();
    System.out.println("consumer started: " + sync.worker().config().consumerNamePrefix());
    Thread.sleep(Long.MAX_VALUE);
  }

  /** Commits the first batch after arming, then hangs without returning, so it is never acked. */
  private static final class HangingRepository implements EnrollmentRepository {
    private final EnrollmentRepository delegate;
    private final JedisPooled redis;
    private final String armKey;
    private final String stuckKey;

    HangingRepository(EnrollmentRepository delegate, JedisPooled redis, String armKey,
        String stuckKey) {
      this.delegate = delegate;
      this.redis = redis;
      this.armKey = armKey;
      this.stuckKey = stuckKey;
    }

    @Override
    public List<ApplyOutcome> applyAll(List<EnrollmentEvent> events) {
      List<ApplyOutcome> outcomes = delegate.applyAll(events);
      if (!"-".equals(armKey) && events.size() >= MIN_HUNG_BATCH && redis.del(armKey) == 1) {
        redis.set(stuckKey, Integer.toString(events.size()));
        System.out.println("committed a batch of " + events.size() + ", hanging before the ack");
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return outcomes;
    }

    @Override
    public ApplyOutcome apply(EnrollmentEvent event) {
      return applyAll(List.of(event)).get(0);
    }

    @Override
    public Optional<StoredEnrollment> find(long enrollmentId) {
      return delegate.find(enrollmentId);
    }
  }
}
