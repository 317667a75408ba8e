package io.enrollmentsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.redis.RedisEventQueue;
import io.enrollmentsync.redis.RedisQueueConfig;
import io.enrollmentsync.spi.DeadLetter;
import io.enrollmentsync.spi.QueueStats;
import io.enrollmentsync.spi.StoredEnrollment;
import io.enrollmentsync.testing.TestServices;
import io.enrollmentsync.worker.WorkerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What every scenario shares: its own key prefix and table, a generated site, the sender, the
 * measurements and the final check. One instance per scenario, closed at the end (keys deleted,
 * tables dropped).
 */
final class Scenario implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scenario.class);

  static final int ENROLLMENTS = 300;
  static final int DELIVERIES = 2_500;
  static final double DUPLICATES = 0.3;
  static final int SENDERS = 8;
  static final double DELIVERIES_PER_SECOND = 200;
  static final Duration SEND_DEADLINE = Duration.ofMinutes(4);
  static final Duration CONVERGENCE_CEILING = Duration.ofMinutes(3);

  final int number;
  final String prefix;
  final World world;
  final ScenarioDatabase db;
  private final String redisHost;
  private final int redisPort;
  private final JedisPooled redis;
  private final List<AutoCloseable> closeAfter = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  private long recoveredNanos;
  private WebhookSender sender;
  private RedisEventQueue inspection;
  private RedisQueueConfig queueConfig;
  private CompletableFuture<Integer> sending;
  private int sent;

  /**
   * Sets up a scenario on the shared Redis, with its own tables in the shared database.
   *
   * @param number the scenario number
   */
  Scenario(int number) throws Exception {
    this(number, TestServices.redis().host(), TestServices.redis().port(), false);
  }

  /**
   * Sets up a scenario.
   *
   * @param number the scenario number
   * @param redisHost Redis host
   * @param redisPort Redis port
   * @param ownDatabase whether to create a database of its own (default table names) instead of
   *     tables of its own
   */
  Scenario(int number, String redisHost, int redisPort, boolean ownDatabase) throws Exception {
    this.number = number;
    this.prefix = "rel" + number + "_" + TestServices.uniquePrefix();
    long seed = Long.getLong("reliability.seed", 10_000L + number);
    this.world = World.generate(seed, ENROLLMENTS, DELIVERIES, DUPLICATES);
    this.db = ownDatabase ? ScenarioDatabase.ownDatabase(prefix) : new ScenarioDatabase(prefix);
    this.redisHost = redisHost;
    this.redisPort = redisPort;
    this.redis = SyncNode.redis(redisHost, redisPort);
    LOG.info("Scenario {}: prefix {}, seed {}, {} deliveries of {} changes for {} enrollments",
        number, prefix, seed, world.deliveries().size(), world.changes().size(), ENROLLMENTS);
  }

  /** Queue settings: the defaults, with a 15 s visibility timeout so that claims come sooner. */
  RedisQueueConfig queueConfig() {
    return queueConfig != null ? queueConfig : queueConfig(prefix);
  }

  /** The queue settings of in-process nodes and consumer processes. */
  static RedisQueueConfig queueConfig(String prefix) {
    return RedisQueueConfig.builder()
        .keyPrefix(prefix)
        .visibilityTimeout(Duration.ofSeconds(15))
        .build();
  }

  /** Uses another queue configuration, such as the example's defaults. */
  void useQueueConfig(RedisQueueConfig config) {
    this.queueConfig = config;
  }

  /** Worker settings: the defaults (8 attempts, backoff 1 s to 5 min), named for the scenario. */
  WorkerConfig workerConfig() {
    return WorkerConfig.builder().consumerNamePrefix("node-" + prefix).build();
  }

  /** Settings for an in-process node on this scenario's Redis, table and database URL. */
  SyncNode.Settings nodeSettings(String jdbcUrl) {
    return new SyncNode.Settings(redisHost, redisPort, prefix, jdbcUrl, db.user(), db.table(),
        queueConfig(), workerConfig(), true, 0, repository -> repository, null, null);
  }

  /** A queue object of this scenario's own, for reading stats and dead letters. */
  synchronized RedisEventQueue inspectionQueue() {
    if (inspection == null) {
      inspection = new RedisEventQueue(redis, queueConfig());
    }
    return inspection;
  }

  /** Closes the thing when the scenario ends, before the keys and tables go. */
  <T extends AutoCloseable> T closeAfter(T closeable) {
    closeAfter.add(closeable);
    return closeable;
  }

  /** Starts sending every delivery in the background. */
  void startSending(Supplier<URI> target) {
    startSending(target, world.deliveries());
  }

  /** Starts sending some deliveries in the background; the others are never delivered. */
  void startSending(Supplier<URI> target, List<World.Delivery> deliveries) {
    this.sent = deliveries.size();
    sender = new WebhookSender(SyncNode.SECRET, target, SENDERS, DELIVERIES_PER_SECOND);
    sending = CompletableFuture.supplyAsync(() -> {
      try {
        return sender.sendAll(deliveries, SEND_DEADLINE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    });
  }

  WebhookSender sender() {
    return sender;
  }

  /** Waits until this many deliveries were accepted: the moment to inject a fault. */
  void awaitAccepted(int deliveries) {
    await("accepted " + deliveries + " deliveries").atMost(SEND_DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> sender.accepted() >= deliveries || sending.isDone());
    assertThat(sender.accepted()).as("accepted before the fault")
        .isGreaterThanOrEqualTo(deliveries);
  }

  /** Marks the fault as over: convergence is timed from here. */
  void markRecovered() {
    recoveredNanos = System.nanoTime();
  }

  /** Waits for the sender; every delivery must have been accepted in the end. */
  void awaitSent() {
    int never = sending.join();
    assertThat(never).as("deliveries never accepted (answers: %s)", sender.statuses())
        .isZero();
  }

  /**
   * Waits until the store equals the truth and the queue holds nothing more, and returns the
   * verdict (failing with the differences when the ceiling passes).
   *
   * @param queue reads the queue's sizes
   * @param truth what the store must hold
   * @param accepted events accepted into the queue
   * @return the verdict
   */
  ConsistencyChecker.Verdict awaitConsistent(Supplier<QueueStats> queue,
      Map<Long, StoredEnrollment> truth, Collection<EnrollmentEvent> accepted) {
    AtomicReference<ConsistencyChecker.Verdict> last = new AtomicReference<>();
    AtomicReference<QueueStats> lastStats = new AtomicReference<>();
    try {
      await("store equal to the truth, queue drained").atMost(CONVERGENCE_CEILING)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> {
            QueueStats stats = queue.get();
            lastStats.set(stats);
            ConsistencyChecker.Verdict v = ConsistencyChecker.check(
                truth, db.rows(), accepted, deadLetteredIds());
            last.set(v);
            return v.consistent() && stats.depth() == 0;
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("Scenario " + number + " did not converge within "
          + CONVERGENCE_CEILING + ": " + last.get() + ", queue " + lastStats.get()
          + " (seed " + world.seed() + ")", e);
    }
    return last.get();
  }

  /** What the worker of an in-process node went through, for the notes. */
  static String workerNotes(SyncMetrics metrics) {
    return "worker: " + metrics.applyFailed().getCount() + " failed attempts, "
        + metrics.retried().getCount() + " retries, " + metrics.batchFallbacks().getCount()
        + " batch fallbacks, " + metrics.repositoryUnavailable().getCount()
        + " waits for the repository";
  }

  /** Ids of the events in the dead-letter store now. */
  Set<String> deadLetteredIds() {
    Set<String> ids = new HashSet<>();
    for (DeadLetter d : inspectionQueue().deadLetters().list(null, 1000)) {
      ids.add(d.event().eventId());
    }
    return ids;
  }

  /** The events behind every accepted delivery. */
  List<EnrollmentEvent> acceptedEvents() {
    List<EnrollmentEvent> out = new ArrayList<>();
    for (String id : sender.acceptedEventIds()) {
      out.add(world.event(id));
    }
    return out;
  }

  /**
   * Measures, records the table row and asserts the zeros.
   *
   * @param fault the fault, in a few words
   * @param verdict the final verdict
   * @param polled events the poller queued
   * @param deadLettered events that reached the dead-letter store during the run
   * @param notes anything else the reader should know
   * @return the row
   */
  ScenarioResult finish(String fault, ConsistencyChecker.Verdict verdict, long polled,
      long deadLettered, String notes) throws Exception {
    long end = System.nanoTime();
    long recovered = recoveredNanos == 0 ? startNanos : recoveredNanos;
    long repeated = db.repeatedWrites();
    String answers = "answers " + sender.statuses() + " in " + sender.attempts() + " POSTs";
    long rewrites = db.sameUpdatedAtRewrites();
    ScenarioResult result = new ScenarioResult(number, fault, sent,
        sender.accepted(), polled, db.effectiveWrites(), deadLettered, verdict.lost(), repeated,
        verdict.wrongRows(), Duration.ofNanos(end - recovered), Duration.ofNanos(end - startNanos),
        notes + (notes.isEmpty() ? "" : "; ") + answers + "; same-change twins rewritten: "
            + rewrites);
    ReliabilityReport.record(result);
    LOG.info("Scenario {} result: {}", number, result);

    assertThat(verdict.lost()).as("accepted events lost: %s", verdict.examples()).isZero();
    assertThat(repeated).as("event versions applied twice with effect").isZero();
    assertThat(verdict.wrongRows()).as("rows unlike the truth: %s", verdict.examples()).isZero();
    return result;
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      try {
        closeAfter.get(i).close();
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    try {
      deleteKeys();
    } catch (RuntimeException e) {
      LOG.warn("Scenario {}: could not delete the keys of {}", number, prefix, e);
    }
    redis.close();
    db.close();
    if (failure != null) {
      throw failure;
    }
  }

  /** Deletes this scenario's keys only; others test on the same Redis. */
  private void deleteKeys() {
    ScanParams params = new ScanParams().match("{" + prefix + "}:*").count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, params);
      for (String key : page.getResult()) {
        redis.unlink(key);
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
  }
}
