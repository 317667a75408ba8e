package io.enrollmentsync.testing;

import io.enrollmentsync.thinkific.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, and a sleeper that moves it instead of waiting,
 * recording every wait. Thread-safe.
 */
public final class FakeTime extends Clock implements Sleeper {
  private final AtomicReference<Instant> now;
  private final List<Duration> sleeps = new ArrayList<>();

  /**
   * Creates a clock at the given instant.
   *
   * @param start the first instant
   */
  public FakeTime(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /**
   * Creates a clock at the given ISO-8601 instant.
   *
   * @param start such as {@code 2025-03-20T00:00:00Z}
   * @return the clock
   */
  public static FakeTime at(String start) {
    return new FakeTime(Instant.parse(start));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before a fake sleep");
    }
    synchronized (sleeps) {
      sleeps.add(duration);
    }
    advance(duration);
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far
   */
  public void advance(Duration duration) {
    now.updateAndGet(t -> t.plus(duration));
  }

  /**
   * Sets the clock.
   *
   * @param instant the new time
   */
  public void set(Instant instant) {
    now.set(instant);
  }

  /**
   * Returns every wait so far, in order.
   *
   * @return a copy of the waits
   */
  public List<Duration> sleeps() {
    synchronized (sleeps) {
      return List.copyOf(sleeps);
    }
  }
}
