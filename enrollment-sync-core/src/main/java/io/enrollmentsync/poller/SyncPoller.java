package io.enrollmentsync.poller;

import io.enrollmentsync.SyncAuthenticationException;
import io.enrollmentsync.memory.InMemoryCursorStore;
import io.enrollmentsync.memory.InMemoryPollLease;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.thinkific.ThinkificClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads enrollments changed since its cursor from the Thinkific Admin API and offers each one to
 * the {@link EventQueue}, as an event with source {@code POLL} whose id is {@code (enrollment id,
 * updated_at)}, so the queue's dedupe drops versions already queued.
 *
 * <p>A run takes the {@link PollLease} (renewed while it runs, released at the end), so one
 * instance among all that share the store polls at a time; loads the cursor; fixes the window
 * {@code [cursor - overlap, now - safety lag)} and walks it in slices that fit in one page, which
 * pages shifting under a walk cannot break (see the project's {@code docs/poller.md}); and saves
 * the cursor at the window's end only once every row of it is queued. A failed run leaves the
 * cursor where it was, so the next run reads the same window again. Without a saved cursor the
 * first run is a backfill from {@link PollerConfig#backfillFrom()}, or of everything; it and any
 * other window longer than {@link PollerConfig#catchUpThreshold()} saves the cursor slice by
 * slice, so a crash resumes where it stopped.
 *
 * <p>{@link #start()} schedules runs on a daemon thread every {@link PollerConfig#interval()}
 * plus random jitter, measured from the end of the previous run; {@link #runNow()} runs at once
 * on the caller's thread and returns what happened. When the API refuses the credentials (401 or
 * 403) the poller logs one ERROR line, stops scheduling and reports {@link
 * PollerState#STOPPED_AUTH_ERROR} in {@link #status()}; other failures are logged and retried by
 * the next run.
 *
 * <p>Metrics, under {@code enrollmentsync.poll}: {@code runs.<result>}, {@code pages}, {@code
 * items}, {@code queued}, {@code duplicates}, {@code rejected}, the API timer and retry counters
 * of the client, and gauges {@code cursor_age_seconds}, {@code last_success_age_seconds} and
 * {@code catch_up_remaining_seconds} (-1 while unknown).
 *
 * @since 0.1.0
 */
public final class SyncPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncPoller.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ThinkificClient client;
  private final EventQueue queue;
  private final CursorStore cursors;
  private final PollLease lease;
  private final PollerConfig config;
  private final SyncMetrics metrics;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor executor;
  private final AtomicBoolean running = new AtomicBoolean();

  // Guarded by this.
  private boolean started;
  private boolean authStopped;
  private boolean closed;
  private ScheduledFuture<?> next;
  private Instant nextRunAt;
  private Instant scheduledSince;
  private long generation;

  private volatile Instant cursor;
  private volatile Instant lastRunAt;
  private volatile PollResult lastResult;
  private volatile Instant lastSuccessAt;
  private volatile String lastError;
  private volatile Duration catchUpRemaining = Duration.ZERO;

  private SyncPoller(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client == null");
    this.queue = Objects.requireNonNull(b.queue, "queue == null");
    this.cursors = b.cursors == null ? new InMemoryCursorStore() : b.cursors;
    this.config = b.config == null ? PollerConfig.builder().build() : b.config;
    this.lease = b.lease == null ? new InMemoryPollLease(config.clock()) : b.lease;
    this.metrics = b.metrics == null ? new SyncMetrics() : b.metrics;
    this.clock = config.clock();
    // Two threads: one runs scheduled polls, the other renews the lease while a poll blocks.
    this.executor = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "enrollment-sync-poller-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setKeepAliveTime(1, TimeUnit.MINUTES);
    executor.allowCoreThreadTimeOut(true);
    registerGauges();
  }

  /**
   * Starts a builder.
   *
   * @return the builder
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Schedules runs: the first after {@link PollerConfig#initialDelay()}, then every {@link
   * PollerConfig#interval()} after the previous one ends, each plus up to {@link
   * PollerConfig#jitter()}. Calling it again while scheduled does nothing; after an
   * authentication stop it schedules again.
   *
   * @return this poller
   * @throws IllegalStateException after {@link #close()}
   * @since 0.1.0
   */
  public synchronized SyncPoller start() {
    if (closed) {
      throw new IllegalStateException("Sync poller is closed: build a new one to poll again");
    }
    if (started && next != null) {
      return this;
    }
    started = true;
    scheduledSince = clock.instant();
    authStopped = false;
    scheduleNext(config.initialDelay());
    LOG.info("Sync poller started: every {} plus up to {} jitter, overlap {}, first run at {}",
        config.interval(), config.jitter(), config.overlap(), nextRunAt);
    return this;
  }

  /**
   * Stops scheduling runs and interrupts a scheduled run in progress, which then ends without
   * moving the cursor (a catch-up keeps the slices it completed). A run started by {@link
   * #runNow()} finishes on its own thread. Manual runs still work afterwards.
   *
   * @since 0.1.0
   */
  public synchronized void stop() {
    boolean wasStarted = started;
    started = false;
    scheduledSince = null;
    cancelNext(true);
    if (wasStarted) {
      LOG.info("Sync poller stopped");
    }
  }

  /**
   * Stops the poller for good and ends its threads, waiting up to 5 seconds.
   *
   * @since 0.1.0
   */
  @Override
  public void close() {
    synchronized (this) {
      stop();
      closed = true;
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs once now, on the caller's thread, unless a run of this poller is already in progress.
   *
   * @return what the run did; {@link PollResult#ALREADY_RUNNING} when it did not start, {@link
   *     PollResult#LEASE_HELD} when another instance is polling
   * @throws IllegalStateException after {@link #close()}
   * @since 0.1.0
   */
  public PollRunSummary runNow() {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("Sync poller is closed: build a new one to poll again");
      }
    }
    if (!running.compareAndSet(false, true)) {
      Instant now = clock.instant();
      metrics.pollRun(PollResult.ALREADY_RUNNING.metricName());
      return new PollRunSummary(PollResult.ALREADY_RUNNING, now, Duration.ZERO, cursor, cursor,
          null, null, 0, 0, 0, 0, 0, "a poller run is already in progress; try again when it ends");
    }
    try {
      return runOnce();
    } finally {
      running.set(false);
    }
  }

  /**
   * Returns what the poller is doing and how its last runs went.
   *
   * @return the status
   * @since 0.1.0
   */
  public PollerStatus status() {
    PollerState state;
    Instant scheduledAt;
    Instant scheduleStartedAt;
    synchronized (this) {
      scheduledAt = next == null ? null : nextRunAt;
      scheduleStartedAt = scheduledSince;
      if (running.get()) {
        state = PollerState.RUNNING;
      } else if (authStopped) {
        state = PollerState.STOPPED_AUTH_ERROR;
      } else {
        state = started ? PollerState.IDLE : PollerState.STOPPED;
      }
    }
    return new PollerStatus(state, cursor, lastRunAt, lastResult, lastSuccessAt, lastError,
        scheduledAt, scheduleStartedAt);
  }

  /**
   * Returns the configuration, such as the interval the health check measures lateness in.
   *
   * @return the configuration
   * @since 0.1.0
   */
  public PollerConfig config() {
    return config;
  }

  private PollRunSummary runOnce() {
    Instant startedAt = clock.instant();
    Optional<PollLease.Held> held;
    try {
      held = lease.tryAcquire(config.leaseName(), config.leaseTtl());
    } catch (RuntimeException e) {
      LOG.warn("Poller cannot take its lease '{}', so this run does not poll; the cursor stays"
          + " at {}: {}", config.leaseName(), cursor, e.getMessage());
      return finish(startedAt, null, PollResult.FAILED, "cannot take the poll lease: "
          + e.getMessage());
    }
    if (held.isEmpty()) {
      LOG.debug("Poller lease '{}' is held by another instance; skipping this run",
          config.leaseName());
      return finish(startedAt, null, PollResult.LEASE_HELD, null);
    }

    lastRunAt = startedAt;
    LeaseKeeper keeper;
    try {
      keeper = new LeaseKeeper(held.get());
    } catch (RejectedExecutionException e) {
      held.get().close();
      return finish(startedAt, null, PollResult.FAILED, "the poller is closed");
    }
    WindowWalk walk = new WindowWalk(client, queue, cursors, config, metrics, keeper);
    try {
      walk.run();
      return finish(startedAt, walk, PollResult.SUCCESS, null);
    } catch (SyncAuthenticationException e) {
      return authFailed(startedAt, walk, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return finish(startedAt, walk, PollResult.FAILED, "interrupted (the poller is stopping)");
    } catch (RuntimeException e) {
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.warn("Poller run failed; the cursor stays at {} and the next run reads the window again:"
          + " {}", walk.cursorAfter, error);
      LOG.debug("Poller run failure", e);
      return finish(startedAt, walk, PollResult.FAILED, error);
    } finally {
      keeper.close();
      catchUpRemaining = Duration.ZERO;
    }
  }

  private PollRunSummary authFailed(
      Instant startedAt, WindowWalk walk, SyncAuthenticationException e) {
    boolean first;
    synchronized (this) {
      first = !authStopped;
      authStopped = true;
      cancelNext(false);
    }
    if (first) {
      LOG.error("Sync poller stopped: {}. Scheduled polling is off until the poller is"
          + " restarted or a manual run succeeds", e.getMessage());
    } else {
      LOG.warn("Poller run refused again: {}", e.getMessage());
    }
    return finish(startedAt, walk, PollResult.AUTH_FAILED, e.getMessage());
  }

  private PollRunSummary finish(
      Instant startedAt, WindowWalk walk, PollResult result, String error) {
    Instant now = clock.instant();
    metrics.pollRun(result.metricName());
    if (result == PollResult.SUCCESS) {
      lastSuccessAt = now;
      synchronized (this) {
        if (authStopped) {
          authStopped = false;
          LOG.info("Poller run succeeded after an authentication error; polling resumes");
          if (started) {
            scheduleNext(config.interval());
          }
        }
      }
    }
    if (result != PollResult.LEASE_HELD) {
      lastResult = result;
      lastError = error;
    }
    PollRunSummary summary = walk == null
        ? new PollRunSummary(result, startedAt, Duration.between(startedAt, now), cursor, cursor,
            null, null, 0, 0, 0, 0, 0, error)
        : new PollRunSummary(result, startedAt, Duration.between(startedAt, now),
            walk.cursorBefore, walk.cursorAfter, walk.windowStart, walk.windowEnd, walk.pages,
            walk.items, walk.queued, walk.duplicates, walk.rejected, error);
    LOG.debug("Poller run {}: {} pages, {} items, {} queued, {} duplicates, cursor {} -> {}",
        result, summary.pages(), summary.items(), summary.queued(), summary.duplicates(),
        summary.cursorBefore(), summary.cursorAfter());
    return summary;
  }

  private void scheduledRun(long scheduledGeneration) {
    synchronized (this) {
      if (closed || scheduledGeneration != generation) {
        return;
      }
    }
    try {
      runNow();
    } catch (Throwable t) {
      LOG.error("Poller run ended with an unexpected error; the next run is scheduled anyway", t);
    }
    synchronized (this) {
      // A stop, an authentication stop or a new start while this run went on replaced it.
      if (scheduledGeneration != generation) {
        return;
      }
      next = null;
      if (started && !authStopped && !closed) {
        scheduleNext(config.interval());
      }
    }
  }

  // Called with the monitor held.
  private void scheduleNext(Duration base) {
    cancelNext(false);
    long jitter = config.jitter().toMillis();
    long extra = jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitter + 1);
    Duration delay = base.plusMillis(extra);
    long scheduledGeneration = generation;
    nextRunAt = clock.instant().plus(delay);
    next = executor.schedule(
        () -> scheduledRun(scheduledGeneration), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  // Called with the monitor held.
  private void cancelNext(boolean interruptRun) {
    generation++;
    if (next != null) {
      next.cancel(interruptRun);
      next = null;
    }
    nextRunAt = null;
  }

  private void registerGauges() {
    metrics.registerPollerGauges(() -> cursor, () -> lastSuccessAt, clock);
    metrics.gauge(SyncMetrics.name("poll", "catch_up_remaining_seconds"),
        () -> catchUpRemaining.getSeconds());
  }

  /** Thrown inside a run when the lease was lost, so the run stops before its next step. */
  static final class LeaseLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LeaseLostException(String message) {
      super(message);
    }
  }

  /** Renews the lease on the executor every third of its time to live while a run holds it. */
  private final class LeaseKeeper implements WindowWalk.Listener, AutoCloseable {
    private final PollLease.Held held;
    private final ScheduledFuture<?> renewal;
    private volatile boolean lost;
    private volatile Instant renewedAt;

    LeaseKeeper(PollLease.Held held) {
      this.held = held;
      this.renewedAt = clock.instant();
      long every = Math.max(1, config.leaseTtl().toMillis() / 3);
      this.renewal = executor.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
      if (lost) {
        return;
      }
      try {
        if (held.renew(config.leaseTtl())) {
          renewedAt = clock.instant();
        } else {
          lost = true;
          LOG.warn("Poller lease '{}' was lost to another instance; this run stops without"
              + " saving its cursor", config.leaseName());
        }
      } catch (RuntimeException e) {
        // The store may come back before the lease expires; after that it counts as lost.
        if (!clock.instant().isBefore(renewedAt.plus(config.leaseTtl()))) {
          lost = true;
        }
        LOG.warn("Poller lease '{}' could not be renewed: {}", config.leaseName(), e.getMessage());
      }
    }

    @Override
    public void checkLease() {
      if (lost) {
        throw new LeaseLostException("the poll lease '" + config.leaseName() + "' was lost during"
            + " the run (another instance took it, or the store was unreachable for longer than"
            + " leaseTtl " + config.leaseTtl() + ")");
      }
    }

    @Override
    public void cursorKnown(Instant position) {
      cursor = position;
    }

    @Override
    public void remaining(Duration remaining) {
      catchUpRemaining = remaining;
    }

    @Override
    public void close() {
      renewal.cancel(false);
      try {
        held.close();
      } catch (RuntimeException e) {
        LOG.warn("Poller lease '{}' could not be released; it expires within {}: {}",
            config.leaseName(), config.leaseTtl(), e.getMessage());
      }
    }
  }

  /**
   * Builds a {@link SyncPoller}. The client and the queue are required; the cursor store and the
   * lease default to in-memory ones, which suit a single instance that may walk again after a
   * restart.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private ThinkificClient client;
    private EventQueue queue;
    private CursorStore cursors;
    private PollLease lease;
    private PollerConfig config;
    private SyncMetrics metrics;

    private Builder() {}

    /**
     * Sets the API client.
     *
     * @param client the client
     * @return this builder
     * @since 0.1.0
     */
    public Builder client(ThinkificClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /**
     * Sets the queue that polled events are offered to, the same one webhooks use.
     *
     * @param queue the queue
     * @return this builder
     * @since 0.1.0
     */
    public Builder queue(EventQueue queue) {
      this.queue = Objects.requireNonNull(queue, "queue == null");
      return this;
    }

    /**
     * Sets where the cursor is kept; default in memory.
     *
     * @param cursors the store
     * @return this builder
     * @since 0.1.0
     */
    public Builder cursors(CursorStore cursors) {
      this.cursors = Objects.requireNonNull(cursors, "cursors == null");
      return this;
    }

    /**
     * Sets the lease that picks the one instance that polls; default in memory, for a single
     * instance.
     *
     * @param lease the lease
     * @return this builder
     * @since 0.1.0
     */
    public Builder lease(PollLease lease) {
      this.lease = Objects.requireNonNull(lease, "lease == null");
      return this;
    }

    /**
     * Sets the configuration; default {@code PollerConfig.builder().build()}.
     *
     * @param config the configuration
     * @return this builder
     * @since 0.1.0
     */
    public Builder config(PollerConfig config) {
      this.config = Objects.requireNonNull(config, "config == null");
      return this;
    }

    /**
     * Sets the metrics; default metrics of its own.
     *
     * @param metrics the metrics, usually shared with the rest of the system
     * @return this builder
     * @since 0.1.0
     */
    public Builder metrics(SyncMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics == null");
      return this;
    }

    /**
     * Builds the poller; it does nothing until {@link SyncPoller#start()} or {@link
     * SyncPoller#runNow()}.
     *
     * @return the poller
     * @since 0.1.0
     */
    public SyncPoller build() {
      return new SyncPoller(this);
    }
  }
}
