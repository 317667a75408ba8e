package io.enrollmentsync;

import com.codahale.metrics.MetricRegistry;
import io.enrollmentsync.health.HealthChecks;
import io.enrollmentsync.health.HealthConfig;
import io.enrollmentsync.health.SyncHealth;
import io.enrollmentsync.memory.InMemoryCursorStore;
import io.enrollmentsync.memory.InMemoryEnrollmentRepository;
import io.enrollmentsync.memory.InMemoryEventQueue;
import io.enrollmentsync.memory.InMemoryPollLease;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.poller.SyncPoller;
import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.thinkific.ThinkificClient;
import io.enrollmentsync.thinkific.ThinkificConfig;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.webhook.WebhookReceiver;
import io.enrollmentsync.worker.SyncWorker;
import io.enrollmentsync.worker.WorkerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled system: webhook receiver, queue, worker and metrics, wired from one builder.
 *
 * <pre>{@code
 * EnrollmentSync sync = EnrollmentSync.builder()
 *     .webhook(WebhookConfig.builder().secret(System.getenv("THINKIFIC_WEBHOOK_SECRET")).build())
 *     .queue(new RedisEventQueue(jedis, RedisQueueConfig.builder().build()))
 *     .repository(JdbcEnrollmentRepository.of(dataSource))
 *     .build()
 *     .start();
 * // hand sync.receiver() to the servlet adapter; call sync.close() on shutdown
 * }</pre>
 *
 * <p>Without a queue or a repository the in-memory ones are used, with a warning: they lose
 * everything on a restart and are meant for tests and demos.
 *
 * @since 0.1.0
 */
public final class EnrollmentSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EnrollmentSync.class);

  private final EventQueue queue;
  private final boolean ownsQueue;
  private final EnrollmentRepository repository;
  private final SyncMetrics metrics;
  private final WebhookReceiver receiver;
  private final SyncWorker worker;
  private final SyncPoller poller;
  private final SyncHealth health;
  private final Duration shutdownTimeout;

  private EnrollmentSync(Builder b) {
    Clock clock = b.clock;
    this.metrics = new SyncMetrics(b.registry == null ? new MetricRegistry() : b.registry);
    if (b.webhook == null) {
      throw new SyncConfigurationException("No webhook configuration: call webhook(...) with at"
          + " least one secret (THINKIFIC_WEBHOOK_SECRET)");
    }
    if (b.queue == null) {
      LOG.warn("No queue configured: using an in-memory queue, which loses accepted events on a"
          + " restart. Configure a Redis queue for production.");
    }
    if (b.repository == null) {
      LOG.warn("No repository configured: using an in-memory repository, which keeps nothing."
          + " Configure a JDBC or custom repository for production.");
    }
    this.ownsQueue = b.queue == null;
    this.queue = b.queue == null ? new InMemoryEventQueue() : b.queue;
    this.repository = b.repository == null ? new InMemoryEnrollmentRepository() : b.repository;
    this.receiver = new WebhookReceiver(b.webhook, queue, metrics, clock);
    this.worker = SyncWorker.builder()
        .queue(queue)
        .repository(repository)
        .metrics(metrics)
        .clock(clock)
        .config(b.worker)
        .build();
    this.shutdownTimeout = b.shutdownTimeout;
    metrics.registerQueueGauges(queue);
    this.poller = b.thinkific == null ? null : buildPoller(b);
    SyncHealth.Builder checks = SyncHealth.builder()
        .clock(clock)
        .check(HealthChecks.store(queue))
        .check(HealthChecks.consumers(worker))
        .check(HealthChecks.deadLetters(queue, b.health.deadLetterThreshold()));
    if (poller != null) {
      checks.check(HealthChecks.poller(poller, b.health.pollerIntervals()));
    }
    this.health = checks.build();
  }

  private SyncPoller buildPoller(Builder b) {
    if (b.cursors == null || b.lease == null) {
      LOG.warn("Poller without a shared cursor store or lease: using in-memory ones, so the"
          + " cursor is lost on a restart and every instance polls. Configure Redis or JDBC.");
    }
    return SyncPoller.builder()
        .client(new ThinkificClient(b.thinkific, metrics))
        .queue(queue)
        .cursors(b.cursors == null ? new InMemoryCursorStore() : b.cursors)
        .lease(b.lease == null ? new InMemoryPollLease() : b.lease)
        .config(b.pollerConfig)
        .metrics(metrics)
        .build();
  }

  /**
   * Starts a builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the worker. The receiver works as soon as the instance is built.
   *
   * @return this instance
   */
  public EnrollmentSync start() {
    worker.start();
    if (poller != null) {
      poller.start();
    }
    return this;
  }

  /**
   * Stops the worker within the shutdown timeout and closes the queue if this instance created it.
   */
  @Override
  public void close() {
    if (poller != null) {
      poller.close();
    }
    worker.stop(shutdownTimeout);
    if (ownsQueue) {
      queue.close();
    }
  }

  /**
   * Returns the webhook receiver, for adapters.
   *
   * @return the receiver
   */
  public WebhookReceiver receiver() {
    return receiver;
  }

  /**
   * Returns the queue.
   *
   * @return the queue
   */
  public EventQueue queue() {
    return queue;
  }

  /**
   * Returns the repository.
   *
   * @return the repository
   */
  public EnrollmentRepository repository() {
    return repository;
  }

  /**
   * Returns the worker.
   *
   * @return the worker
   */
  public SyncWorker worker() {
    return worker;
  }

  /**
   * Returns the metrics.
   *
   * @return the metrics
   */
  public SyncMetrics metrics() {
    return metrics;
  }

  /**
   * Returns the sync poller, when one was configured with {@link Builder#poller}.
   *
   * @return the poller, or empty when polling is off
   */
  public Optional<SyncPoller> poller() {
    return Optional.ofNullable(poller);
  }

  /**
   * Returns the health checks: store, consumers, dead letters (and the poller when one runs).
   *
   * @return the health, checked afresh at each {@link SyncHealth#check()}
   */
  public SyncHealth health() {
    return health;
  }

  /**
   * Builds an {@link EnrollmentSync}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private WebhookConfig webhook;
    private EventQueue queue;
    private EnrollmentRepository repository;
    private MetricRegistry registry;
    private WorkerConfig worker = WorkerConfig.builder().build();
    private Clock clock = Clock.systemUTC();
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private HealthConfig health = HealthConfig.DEFAULTS;
    private ThinkificConfig thinkific;
    private PollerConfig pollerConfig;
    private CursorStore cursors;
    private PollLease lease;

    private Builder() {}

    /**
     * Sets the webhook settings, including the signing secrets. Required.
     *
     * @param config the settings
     * @return this builder
     */
    public Builder webhook(WebhookConfig config) {
      this.webhook = Objects.requireNonNull(config, "config == null");
      return this;
    }

    /**
     * Sets the queue; the caller keeps ownership and closes it.
     *
     * @param queue the queue, such as a Redis queue
     * @return this builder
     */
    public Builder queue(EventQueue queue) {
      this.queue = Objects.requireNonNull(queue, "queue == null");
      return this;
    }

    /**
     * Sets the repository.
     *
     * @param repository the host's repository
     * @return this builder
     */
    public Builder repository(EnrollmentRepository repository) {
      this.repository = Objects.requireNonNull(repository, "repository == null");
      return this;
    }

    /**
     * Records metrics in the host's registry instead of a private one.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder metricRegistry(MetricRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry == null");
      return this;
    }

    /**
     * Sets the worker settings.
     *
     * @param config the settings
     * @return this builder
     */
    public Builder worker(WorkerConfig config) {
      this.worker = Objects.requireNonNull(config, "config == null");
      return this;
    }

    /**
     * Turns on the sync poller: it walks the Thinkific Admin API on a schedule and queues what
     * changed, so missed webhooks are caught. Give it a shared {@link #cursorStore} and {@link
     * #pollLease} (Redis or JDBC) in production.
     *
     * @param api how to reach the Admin API
     * @param config the schedule and walk settings
     * @return this builder
     */
    public Builder poller(ThinkificConfig api, PollerConfig config) {
      this.thinkific = Objects.requireNonNull(api, "api == null");
      this.pollerConfig = Objects.requireNonNull(config, "config == null");
      return this;
    }

    /**
     * Sets where the poller keeps its cursor; in memory unless set.
     *
     * @param store the store, such as {@code RedisCursorStore} or {@code JdbcCursorStore}
     * @return this builder
     */
    public Builder cursorStore(CursorStore store) {
      this.cursors = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /**
     * Sets the lease that lets one instance poll at a time; in memory unless set.
     *
     * @param lease the lease, such as {@code RedisPollLease}
     * @return this builder
     */
    public Builder pollLease(PollLease lease) {
      this.lease = Objects.requireNonNull(lease, "lease == null");
      return this;
    }

    /**
     * Sets the thresholds of the health checks.
     *
     * @param config the thresholds, default {@link HealthConfig#DEFAULTS}
     * @return this builder
     */
    public Builder health(HealthConfig config) {
      this.health = Objects.requireNonNull(config, "config == null");
      return this;
    }

    /**
     * Sets the clock, for tests.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets how long {@link EnrollmentSync#close()} waits for in-flight work.
     *
     * @param timeout the timeout, default 10 s
     * @return this builder
     */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Builds the system; nothing runs until {@link EnrollmentSync#start()}.
     *
     * @return the system
     * @throws SyncConfigurationException when a required setting is missing or invalid
     */
    public EnrollmentSync build() {
      return new EnrollmentSync(this);
    }
  }
}
