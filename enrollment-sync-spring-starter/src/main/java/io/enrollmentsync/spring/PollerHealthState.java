package io.enrollmentsync.spring;

import io.enrollmentsync.health.PollerState;
import io.enrollmentsync.poller.PollerStatus;
import io.enrollmentsync.poller.SyncPoller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link SyncPoller}'s status as the poller health check wants it.
 *
 * <p>The poller does not report when it was started, so the first check that finds it running
 * stands in for that moment: a check that runs long after the start gives a fresh poller more time
 * before it counts as late, never less.
 */
final class PollerHealthState implements Supplier<PollerState> {
  private final SyncPoller poller;
  private final Duration interval;
  private final Clock clock;
  private @Nullable Instant runningSince;

  PollerHealthState(SyncPoller poller, Duration interval, Clock clock) {
    this.poller = poller;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public synchronized PollerState get() {
    PollerStatus status = poller.status();
    boolean authError = status.state() == io.enrollmentsync.poller.PollerState.STOPPED_AUTH_ERROR;
    boolean stopped = authError || status.state() == io.enrollmentsync.poller.PollerState.STOPPED;
    if (stopped) {
      runningSince = null;
    } else if (runningSince == null) {
      runningSince = clock.instant();
    }
    return new PollerState(runningSince, status.lastSuccessAt(), interval, authError);
  }
}
