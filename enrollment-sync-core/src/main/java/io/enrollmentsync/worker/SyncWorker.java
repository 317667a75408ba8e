package io.enrollmentsync.worker;

import com.codahale.metrics.Timer;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EventSource;
import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.QueuedEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains an {@link EventQueue} into an {@link EnrollmentRepository} with several consumer threads.
 *
 * <p>Each consumer takes a batch, applies it with {@link EnrollmentRepository#applyAll}, and
 * acknowledges it. When the batch fails as a whole it applies the events one at a time, so a bad
 * event fails alone; a failed event is retried with capped exponential backoff and jitter,
 * and after {@link WorkerConfig#maxAttempts()} it is moved to the dead-letter store. When the
 * queue cannot be reached the consumer backs off and resumes by itself; it never dies of it.
 *
 * <p>When the repository throws {@link SyncStoreUnavailableException} (the database is down or
 * unreachable), the store failed, not the events: the consumer keeps the events it holds, backs
 * off and applies them again once the repository answers, without falling back to one event at a
 * time and without counting an attempt against any event. An outage of any length therefore
 * dead-letters nothing. Any other exception is charged to the event.
 *
 * <p>{@link #stop(Duration)} stops taking new events, lets in-flight batches finish within the
 * timeout and leaves anything else pending in the queue for another consumer.
 *
 * @since 0.1.0
 */
public final class SyncWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);
  private static final int MAX_ERROR_LENGTH = 500;
  private static final Duration MAX_STORE_BACKOFF = Duration.ofSeconds(5);

  private final WorkerConfig config;
  private final EventQueue queue;
  private final EnrollmentRepository repository;
  private final SyncMetrics metrics;
  private final Clock clock;
  private final AtomicInteger alive = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicReference<String> lastStoreError = new AtomicReference<>();
  private final AtomicReference<String> lastRepositoryError = new AtomicReference<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  private SyncWorker(Builder b) {
    this.config = b.config == null ? b.configBuilder.build() : b.config;
    this.queue = Objects.requireNonNull(b.queue, "queue == null");
    this.repository = Objects.requireNonNull(b.repository, "repository == null");
    this.metrics = b.metrics == null ? new SyncMetrics() : b.metrics;
    this.clock = b.clock;
    metrics.gauge(SyncMetrics.name("worker", "in_flight"), inFlight::get);
    metrics.gauge(SyncMetrics.name("worker", "consumers_alive"), alive::get);
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
   * Starts the consumer threads. Calling it again while running does nothing.
   *
   * @return this worker
   */
  public synchronized SyncWorker start() {
    if (running) {
      return this;
    }
    running = true;
    threads.clear();
    for (int i = 0; i < config.consumers(); i++) {
      String name = config.consumerNamePrefix() + "-" + i;
      Thread t = new Thread(() -> consume(name), "enrollment-sync-worker-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    LOG.info("Sync worker started: {} consumers, batches of {}", config.consumers(),
        config.batchSize());
    return this;
  }

  /**
   * Stops taking events and waits for in-flight batches to finish; events not yet applied stay in
   * the queue for another consumer.
   *
   * @param timeout how long to wait for in-flight work
   * @return true when every consumer finished in time
   */
  public synchronized boolean stop(Duration timeout) {
    if (!running) {
      return true;
    }
    running = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean clean = true;
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        clean = false;
        t.interrupt();
      }
    }
    LOG.info("Sync worker stopped{}", clean ? "" : " (some batches were abandoned to the queue)");
    return clean;
  }

  /** Stops with a 10 second timeout. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  /**
   * Returns whether the worker was started and not stopped.
   *
   * @return whether it runs
   */
  public boolean isRunning() {
    return running;
  }

  /**
   * Counts consumer threads that are alive.
   *
   * @return the count
   */
  public int consumersAlive() {
    return alive.get();
  }

  /**
   * Returns the last queue error a consumer saw, cleared when a read succeeds again.
   *
   * @return the error message, or null while the queue answers
   */
  public String lastStoreError() {
    return lastStoreError.get();
  }

  /**
   * Returns the last {@link SyncStoreUnavailableException} a consumer got from the repository,
   * cleared when a batch is applied again. While it is set, consumers hold their events and wait
   * for the repository.
   *
   * @return the error message, or null while the repository answers
   * @since 0.1.0
   */
  public String lastRepositoryError() {
    return lastRepositoryError.get();
  }

  /**
   * Returns the configuration.
   *
   * @return the configuration
   */
  public WorkerConfig config() {
    return config;
  }

  private void consume(String consumer) {
    alive.incrementAndGet();
    int storeFailures = 0;
    int unexpectedFailures = 0;
    try {
      while (running) {
        List<QueuedEvent> batch;
        try {
          batch = takeBatch(consumer);
          lastStoreError.set(null);
          storeFailures = 0;
        } catch (SyncStoreUnavailableException e) {
          storeFailures++;
          metrics.queueErrors().inc();
          lastStoreError.set(e.getMessage());
          Duration pause = storeBackoff(storeFailures);
          LOG.warn("Consumer {} cannot read the queue ({}); retrying in {} ms", consumer,
              e.getMessage(), pause.toMillis());
          sleep(pause);
          continue;
        }
        if (batch.isEmpty()) {
          continue;
        }
        try {
          process(consumer, batch);
          unexpectedFailures = 0;
        } catch (RuntimeException e) {
          // A bug, not a store outage: the consumer lives on. The batch's events that were not
          // acked stay pending and come back after the visibility timeout.
          unexpectedFailures++;
          metrics.consumerErrors().inc();
          Duration pause = storeBackoff(unexpectedFailures);
          LOG.error("Consumer {} failed on a batch of {} events (first {}); its unacknowledged"
              + " events come back after the visibility timeout; going on in {} ms", consumer,
              batch.size(), batch.get(0).event().eventId(), pause.toMillis(), e);
          sleep(pause);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      // Events of the batch stay pending and are reclaimed after the visibility timeout.
      LOG.error("Consumer {} died unexpectedly", consumer, e);
      throw e;
    } finally {
      alive.decrementAndGet();
    }
  }

  private List<QueuedEvent> takeBatch(String consumer) throws InterruptedException {
    List<QueuedEvent> batch = queue.take(consumer, config.batchSize(), config.pollTimeout());
    if (batch.isEmpty() || batch.size() >= config.batchSize() || config.linger().isZero()) {
      return batch;
    }
    List<QueuedEvent> filled = new ArrayList<>(batch);
    long deadline = System.nanoTime() + config.linger().toNanos();
    while (filled.size() < config.batchSize() && running) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      filled.addAll(
          queue.take(consumer, config.batchSize() - filled.size(), Duration.ofNanos(left)));
    }
    return filled;
  }

  /**
   * Applies a batch; while the repository is unavailable, holds what is left of it and tries
   * again after a pause, until it is applied or the worker stops (then it stays pending).
   */
  private void process(String consumer, List<QueuedEvent> batch) throws InterruptedException {
    inFlight.addAndGet(batch.size());
    try {
      List<QueuedEvent> left = batch;
      int failures = 0;
      while (true) {
        Unapplied unapplied = apply(left);
        if (unapplied == null) {
          if (failures > 0) {
            LOG.info("Consumer {} reaches the repository again and applied the {} events it held",
                consumer, left.size());
          }
          lastRepositoryError.set(null);
          return;
        }
        left = unapplied.events();
        failures++;
        metrics.repositoryUnavailable().inc();
        lastRepositoryError.set(unapplied.cause().getMessage());
        if (!running) {
          LOG.info("Consumer {} stops with {} events unapplied while the repository is"
              + " unavailable; they stay pending in the queue", consumer, left.size());
          return;
        }
        Duration pause = storeBackoff(failures);
        LOG.warn("Consumer {} cannot write to the repository ({}); holding {} events, no attempt"
            + " counted, retrying in {} ms", consumer, unapplied.cause().getMessage(), left.size(),
            pause.toMillis());
        sleep(pause);
      }
    } finally {
      inFlight.addAndGet(-batch.size());
    }
  }

  /** Events not applied because the repository was unavailable, and why. */
  private record Unapplied(List<QueuedEvent> events, SyncStoreUnavailableException cause) {}

  /**
   * Applies the events as one batch, falling back to one at a time when the batch fails for
   * another reason than an unavailable repository.
   *
   * @return null when every event was applied or charged with its failure; otherwise the events
   *     left untouched because the repository is unavailable
   */
  private Unapplied apply(List<QueuedEvent> batch) {
    List<EnrollmentEvent> events = new ArrayList<>(batch.size());
    for (QueuedEvent q : batch) {
      events.add(q.event());
    }
    List<ApplyOutcome> outcomes;
    long started = System.nanoTime();
    try (Timer.Context ignored = metrics.batchTimer().time()) {
      outcomes = repository.applyAll(events);
      if (outcomes.size() != events.size()) {
        throw new IllegalStateException("repository returned " + outcomes.size()
            + " outcomes for " + events.size() + " events");
      }
    } catch (SyncStoreUnavailableException e) {
      return new Unapplied(batch, e);
    } catch (RuntimeException e) {
      if (batch.size() > 1) {
        metrics.batchFallbacks().inc();
        LOG.debug("Batch of {} failed, applying one at a time: {}", batch.size(), e.toString());
      }
      return applyOneByOne(batch, batch.size() > 1 ? null : e);
    }
    long perEvent = (System.nanoTime() - started) / batch.size();
    for (int i = 0; i < batch.size(); i++) {
      metrics.applyTimer().update(perEvent, TimeUnit.NANOSECONDS);
      applied(batch.get(i), outcomes.get(i));
    }
    ack(batch);
    return null;
  }

  private Unapplied applyOneByOne(List<QueuedEvent> batch, RuntimeException alreadyFailed) {
    List<QueuedEvent> done = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      QueuedEvent q = batch.get(i);
      if (alreadyFailed != null) {
        failed(q, alreadyFailed);
        continue;
      }
      try {
        ApplyOutcome outcome;
        try (Timer.Context ignored = metrics.applyTimer().time()) {
          outcome = repository.apply(q.event());
        }
        applied(q, outcome);
        done.add(q);
      } catch (SyncStoreUnavailableException e) {
        // The repository went away in the middle: keep this event and the rest for later.
        ack(done);
        return new Unapplied(List.copyOf(batch.subList(i, batch.size())), e);
      } catch (RuntimeException e) {
        failed(q, e);
      }
    }
    ack(done);
    return null;
  }

  /** Bookkeeping after a write; it must not fail, or the written events would never be acked. */
  private void applied(QueuedEvent q, ApplyOutcome outcome) {
    EnrollmentEvent e = q.event();
    try {
      metrics.applied(outcome);
      Instant now = clock.instant();
      metrics.queueLag().update(lagMillis(e.receivedAt(), now));
      if (e.source() == EventSource.WEBHOOK) {
        metrics.eventLag().update(lagMillis(e.occurredAt(), now));
      }
    } catch (RuntimeException metricsFailed) {
      LOG.debug("Metrics of applied event {} not recorded", e.eventId(), metricsFailed);
    }
    LOG.debug("Applied event {} to enrollment {}: {}", e.eventId(), e.enrollmentId(), outcome);
  }

  /** Milliseconds from one instant to a later one: 0 when not later, saturated when huge. */
  static long lagMillis(Instant from, Instant now) {
    if (!from.isBefore(now)) {
      return 0;
    }
    try {
      return Duration.between(from, now).toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private void failed(QueuedEvent q, RuntimeException error) {
    metrics.applyFailed().inc();
    String message = describe(error);
    try {
      if (q.attempt() >= config.maxAttempts()) {
        queue.deadLetter(q, message);
        metrics.deadLettered().inc();
        LOG.warn("Event {} for enrollment {} dead-lettered after {} attempts: {}",
            q.event().eventId(), q.event().enrollmentId(), q.attempt(), message);
      } else {
        Duration delay = backoff(q.attempt());
        queue.retry(q, clock.instant().plus(delay), message);
        metrics.retried().inc();
        // The first failure is worth a line: a poison event would otherwise be silent until it
        // is dead-lettered, minutes later. Later attempts would repeat it.
        if (q.attempt() == 1) {
          LOG.warn("Event {} for enrollment {} failed (attempt 1 of {}), retrying in {} ms: {}",
              q.event().eventId(), q.event().enrollmentId(), config.maxAttempts(),
              delay.toMillis(), message);
        } else {
          LOG.debug("Event {} attempt {} failed, retrying in {} ms: {}", q.event().eventId(),
              q.attempt(), delay.toMillis(), message);
        }
      }
    } catch (SyncStoreUnavailableException e) {
      // The event stays pending and comes back after the visibility timeout.
      LOG.warn("Event {} failed and could not be rescheduled: {}", q.event().eventId(),
          e.getMessage());
    }
  }

  private void ack(List<QueuedEvent> done) {
    if (done.isEmpty()) {
      return;
    }
    try {
      queue.ack(done);
    } catch (SyncStoreUnavailableException e) {
      // Applied but not acknowledged: they will be applied again, which the apply rule makes safe.
      LOG.warn("Could not acknowledge {} applied events: {}", done.size(), e.getMessage());
    }
  }

  /**
   * Returns the delay before the attempt after {@code attempt}: a random value between half and
   * all of the capped exponential.
   */
  Duration backoff(int attempt) {
    long initial = config.initialBackoff().toMillis();
    long cap = config.maxBackoff().toMillis();
    long exp = initial << Math.min(30, Math.max(0, attempt - 1));
    long ceiling = exp <= 0 || exp > cap ? cap : exp;
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
  }

  private static Duration storeBackoff(int failures) {
    long ms = Math.min(MAX_STORE_BACKOFF.toMillis(), 100L << Math.min(10, failures - 1));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ms / 2, ms + 1));
  }

  private void sleep(Duration pause) throws InterruptedException {
    long end = System.nanoTime() + pause.toNanos();
    // Sleep in slices so stop() is honoured promptly.
    while (running && System.nanoTime() < end) {
      long leftMs = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
      Thread.sleep(Math.min(50, Math.max(1, leftMs)));
    }
  }

  private static String describe(Throwable error) {
    String text = error.getClass().getName() + ": " + error.getMessage();
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "...";
  }

  /**
   * Builds a {@link SyncWorker}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final WorkerConfig.Builder configBuilder = WorkerConfig.builder();
    private WorkerConfig config;
    private EventQueue queue;
    private EnrollmentRepository repository;
    private SyncMetrics metrics;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the queue to drain.
     *
     * @param queue the queue
     * @return this builder
     */
    public Builder queue(EventQueue queue) {
      this.queue = queue;
      return this;
    }

    /**
     * Sets the repository to apply to.
     *
     * @param repository the repository
     * @return this builder
     */
    public Builder repository(EnrollmentRepository repository) {
      this.repository = repository;
      return this;
    }

    /**
     * Sets the metrics.
     *
     * @param metrics the metrics
     * @return this builder
     */
    public Builder metrics(SyncMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /**
     * Sets the clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets the whole configuration at once; the single setters below are ignored then.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder config(WorkerConfig config) {
      this.config = config;
      return this;
    }

    /**
     * See {@link WorkerConfig.Builder#consumers}.
     *
     * @param n consumer threads
     * @return this builder
     */
    public Builder consumers(int n) {
      configBuilder.consumers(n);
      return this;
    }

    /**
     * See {@link WorkerConfig.Builder#batchSize}.
     *
     * @param n events per batch
     * @return this builder
     */
    public Builder batchSize(int n) {
      configBuilder.batchSize(n);
      return this;
    }

    /**
     * See {@link WorkerConfig.Builder#linger}.
     *
     * @param linger wait to fill a batch
     * @return this builder
     */
    public Builder linger(Duration linger) {
      configBuilder.linger(linger);
      return this;
    }

    /**
     * See {@link WorkerConfig.Builder#pollTimeout}.
     *
     * @param timeout wait per read
     * @return this builder
     */
    public Builder pollTimeout(Duration timeout) {
      configBuilder.pollTimeout(timeout);
      return this;
    }

    /**
     * See {@link WorkerConfig.Builder#maxAttempts}.
     *
     * @param n attempts
     * @return this builder
     */
    public Builder maxAttempts(int n) {
      configBuilder.maxAttempts(n);
      return this;
    }

    /**
     * See {@link WorkerConfig.Builder#backoff}.
     *
     * @param initial first delay
     * @param max cap
     * @return this builder
     */
    public Builder backoff(Duration initial, Duration max) {
      configBuilder.backoff(initial, max);
      return this;
    }

    /**
     * See {@link WorkerConfig.Builder#consumerNamePrefix}.
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder consumerNamePrefix(String prefix) {
      configBuilder.consumerNamePrefix(prefix);
      return this;
    }

    /**
     * Builds the worker; call {@link SyncWorker#start()} to run it.
     *
     * @return the worker
     */
    public SyncWorker build() {
      return new SyncWorker(this);
    }
  }
}
