package io.enrollmentsync.thinkific;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets at most {@code limit} requests start in any 60 seconds, and holds every request back while
 * the API has asked for a pause.
 *
 * <p>A sliding log of start times rather than a token bucket: the site's budget is counted per
 * minute, and a log never exceeds it in any minute, whatever the bursts.
 */
final class RequestRateLimiter {
  private static final Duration WINDOW = Duration.ofSeconds(60);

  private final int limit;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ArrayDeque<Instant> started = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock(true);
  private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.EPOCH);
  private final AtomicReference<Duration> longestPause = new AtomicReference<>(Duration.ZERO);

  RequestRateLimiter(int limit, Clock clock, Sleeper sleeper) {
    this.limit = limit;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Waits until one more request may start, and counts it. */
  void acquire() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (true) {
        Instant now = clock.instant();
        while (!started.isEmpty() && !started.peekFirst().plus(WINDOW).isAfter(now)) {
          started.pollFirst();
        }
        rebaseIfTheClockWentBack(now);
        Duration wait = Duration.ZERO;
        Instant paused = pausedUntil.get();
        if (paused.isAfter(now)) {
          wait = Duration.between(now, paused);
        }
        if (started.size() >= limit) {
          Duration untilFree = Duration.between(now, started.peekFirst().plus(WINDOW));
          wait = untilFree.compareTo(wait) > 0 ? untilFree : wait;
        }
        if (wait.isZero() || wait.isNegative()) {
          started.addLast(now);
          return;
        }
        sleeper.sleep(wait);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Keeps every wait within what was asked after the wall clock steps back (an NTP correction, a
   * VM resumed): requests logged "in the future" count as started now, and a pause that now ends
   * further away than the longest pause asked for is cut to that.
   */
  private void rebaseIfTheClockWentBack(Instant now) {
    if (!started.isEmpty() && started.peekLast().isAfter(now)) {
      int ahead = 0;
      while (!started.isEmpty() && started.peekLast().isAfter(now)) {
        started.pollLast();
        ahead++;
      }
      for (int i = 0; i < ahead; i++) {
        started.addLast(now);
      }
    }
    Instant paused = pausedUntil.get();
    Instant latest = now.plus(longestPause.get());
    if (paused.isAfter(latest)) {
      pausedUntil.compareAndSet(paused, latest);
    }
  }

  /** Holds every request back for the given time from now; a longer pause already set wins. */
  void pauseFor(Duration duration) {
    longestPause.accumulateAndGet(duration, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    Instant until = clock.instant().plus(duration);
    pausedUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
  }
}
