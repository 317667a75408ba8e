package io.enrollmentsync.spring;

import io.enrollmentsync.EnrollmentSync;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the worker, and the poller when there is one, when the application context has started,
 * and stops them when the context closes ({@link EnrollmentSync#start()} and {@link
 * EnrollmentSync#close()}).
 *
 * <p>It runs in {@link #PHASE}: it starts before the embedded web server takes requests, and it
 * stops after the web server has stopped taking them (so no webhook arrives at a stopped worker)
 * and before any bean is destroyed, so the worker drains while the Redis and JDBC pools are open.
 *
 * @since 0.1.0
 */
public final class EnrollmentSyncLifecycle implements SmartLifecycle {
  /**
   * The phase: below Spring Boot's web server phases ({@code DEFAULT_PHASE - 1024} and {@code
   * - 2048}), so it starts before and stops after them; every phase stops before the beans that
   * hold connection pools are destroyed.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger LOG = LoggerFactory.getLogger(EnrollmentSyncLifecycle.class);

  private final EnrollmentSync sync;
  private volatile boolean running;

  /**
   * Creates the lifecycle of one system.
   *
   * @param sync the system to start and stop
   */
  public EnrollmentSyncLifecycle(EnrollmentSync sync) {
    this.sync = Objects.requireNonNull(sync, "sync == null");
  }

  @Override
  public void start() {
    sync.start();
    running = true;
    LOG.info("enrollment-sync started: {} consumers on {}, poller {}",
        sync.worker().config().consumers(), sync.queue().getClass().getSimpleName(),
        sync.poller().isPresent() ? "on" : "off");
  }

  /**
   * Stops the poller, then the worker within the shutdown timeout. The poller is closed for good
   * (the core does not restart one), so a context that is stopped and started again runs without
   * it until it is refreshed.
   */
  @Override
  public void stop() {
    // The queue and repository belong to their own beans and close after this.
    sync.close();
    running = false;
    LOG.info("enrollment-sync stopped");
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
