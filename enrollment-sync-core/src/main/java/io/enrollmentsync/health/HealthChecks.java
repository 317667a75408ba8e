package io.enrollmentsync.health;

import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.poller.PollerState;
import io.enrollmentsync.poller.PollerStatus;
import io.enrollmentsync.poller.SyncPoller;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.worker.SyncWorker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The built-in health checks.
 *
 * @since 0.1.0
 */
public final class HealthChecks {
  /** The name of the {@link #store} check. */
  public static final String STORE = "store";
  /** The name of the {@link #consumers} check. */
  public static final String CONSUMERS = "consumers";
  /** The name of the {@link #deadLetters} check. */
  public static final String DEAD_LETTERS = "dead_letters";
  /** The name of the {@link #poller} check. */
  public static final String POLLER = "poller";

  private HealthChecks() {}

  /**
   * Checks that the queue's store answers a ping. DOWN when it does not: webhooks are then
   * answered 503 and nothing is applied.
   *
   * @param queue the queue
   * @return the check
   */
  public static HealthCheck store(EventQueue queue) {
    Objects.requireNonNull(queue, "queue == null");
    return HealthCheck.of(STORE, () -> {
      try {
        queue.ping();
        return HealthCheckResult.up(STORE, "the queue's store answers");
      } catch (SyncStoreUnavailableException e) {
        return HealthCheckResult.down(STORE,
            "the queue's store does not answer: " + e.getMessage());
      }
    });
  }

  /**
   * Checks that the worker runs, every configured consumer is alive, and none of them failed to
   * read the queue on its last try. DOWN when none is alive or reads fail; DEGRADED when only some
   * are alive.
   *
   * @param worker the worker
   * @return the check
   */
  public static HealthCheck consumers(SyncWorker worker) {
    Objects.requireNonNull(worker, "worker == null");
    return HealthCheck.of(CONSUMERS, () -> {
      int configured = worker.config().consumers();
      int alive = worker.consumersAlive();
      String storeError = worker.lastStoreError();
      if (!worker.isRunning()) {
        return HealthCheckResult.down(CONSUMERS,
            "the worker is not running; start it with EnrollmentSync.start()");
      }
      if (storeError != null) {
        return HealthCheckResult.down(CONSUMERS, "consumers cannot read the queue: " + storeError);
      }
      String count = alive + " of " + configured + " consumers alive";
      if (alive == 0) {
        return HealthCheckResult.down(CONSUMERS, count + "; see the log for why they died");
      }
      if (alive < configured) {
        return HealthCheckResult.degraded(CONSUMERS, count + "; see the log for why the others"
            + " died and restart the worker");
      }
      return HealthCheckResult.up(CONSUMERS, count);
    });
  }

  /**
   * Checks that the dead-letter store holds no more than {@code threshold} events. DEGRADED above
   * it: those events wait for an operator to replay or discard them.
   *
   * @param queue the queue whose dead letters are counted
   * @param threshold the most dead letters that still count as healthy
   * @return the check
   */
  public static HealthCheck deadLetters(EventQueue queue, long threshold) {
    Objects.requireNonNull(queue, "queue == null");
    if (threshold < 0) {
      throw new IllegalArgumentException("threshold must be 0 or more, but was " + threshold);
    }
    return HealthCheck.of(DEAD_LETTERS, () -> {
      long size;
      try {
        size = queue.deadLetters().size();
      } catch (SyncStoreUnavailableException e) {
        return HealthCheckResult.down(DEAD_LETTERS,
            "dead letters could not be counted: " + e.getMessage());
      }
      String count = size + " dead letters (threshold " + threshold + ")";
      if (size > threshold) {
        return HealthCheckResult.degraded(DEAD_LETTERS,
            count + "; fix the cause, then replay or discard them");
      }
      return HealthCheckResult.up(DEAD_LETTERS, count);
    });
  }

  /**
   * Checks that the poller runs and succeeded within {@code intervals} poll intervals. DOWN when
   * it is not running or was stopped by an authentication error (a bad API key does not fix
   * itself); DEGRADED when it is late, since webhooks still flow meanwhile.
   *
   * <p>Until its first success, the poller's start time stands in for the last success, so a
   * fresh poller is not late.
   *
   * @param view reads the poller's state at each check
   * @param clock the clock ages are measured with
   * @param intervals how many intervals may pass without a success, at least 1
   * @return the check
   */
  public static HealthCheck poller(Supplier<PollerView> view, Clock clock, int intervals) {
    Objects.requireNonNull(view, "view == null");
    Objects.requireNonNull(clock, "clock == null");
    if (intervals < 1) {
      throw new IllegalArgumentException("intervals must be at least 1, but was " + intervals);
    }
    return HealthCheck.of(POLLER, () -> pollerResult(view.get(), clock.instant(), intervals));
  }

  /**
   * Checks a {@link SyncPoller} as {@link #poller(Supplier, Clock, int)} does, reading its status,
   * interval and clock.
   *
   * @param poller the poller
   * @param intervals how many intervals may pass without a success, at least 1
   * @return the check
   */
  public static HealthCheck poller(SyncPoller poller, int intervals) {
    Objects.requireNonNull(poller, "poller == null");
    PollerConfig config = poller.config();
    return poller(() -> view(poller.status(), config.interval()), config.clock(), intervals);
  }

  static PollerView view(PollerStatus status, Duration interval) {
    return new PollerView(status.startedAt(), status.lastSuccessAt(), interval,
        status.state() == PollerState.STOPPED_AUTH_ERROR);
  }

  private static HealthCheckResult pollerResult(PollerView s, Instant now, int intervals) {
    if (s.stoppedByAuthError()) {
      return HealthCheckResult.down(POLLER, "stopped: the Thinkific API refused the credentials"
          + " (401/403); fix the API key or token and restart");
    }
    if (s.runningSince() == null) {
      return HealthCheckResult.down(POLLER, "the poller is not running");
    }
    Duration limit = s.interval().multipliedBy(intervals);
    if (s.lastSuccess() == null) {
      Duration running = Duration.between(s.runningSince(), now);
      if (running.compareTo(limit) > 0) {
        return HealthCheckResult.degraded(POLLER, "no successful run in " + seconds(running)
            + " since the poller started (limit " + seconds(limit) + "); see the log");
      }
      return HealthCheckResult.up(POLLER, "started " + seconds(running) + " ago, no run finished"
          + " yet");
    }
    Duration age = Duration.between(s.lastSuccess(), now);
    if (age.compareTo(limit) > 0) {
      return HealthCheckResult.degraded(POLLER, "last successful run " + seconds(age) + " ago,"
          + " more than " + intervals + " intervals of " + seconds(s.interval()) + "; see the log");
    }
    return HealthCheckResult.up(POLLER, "last successful run " + seconds(age) + " ago");
  }

  private static String seconds(Duration d) {
    return Math.max(0, d.toSeconds()) + "s";
  }
}
