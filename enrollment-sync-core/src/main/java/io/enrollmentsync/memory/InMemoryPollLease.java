package io.enrollmentsync.memory;

import io.enrollmentsync.spi.PollLease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link PollLease} among the pollers of one process, for tests and single-instance hosts.
 * Several instances of an application need a shared store such as {@link
 * io.enrollmentsync.redis.RedisPollLease} instead.
 *
 * @since 0.1.0
 */
public final class InMemoryPollLease implements PollLease {
  private final Clock clock;
  private final Map<String, Entry> leases = new HashMap<>();

  private record Entry(String token, Instant expiresAt) {}

  /**
   * Creates leases that expire by the system clock.
   *
   * @since 0.1.0
   */
  public InMemoryPollLease() {
    this(Clock.systemUTC());
  }

  /**
   * Creates leases that expire by the given clock.
   *
   * @param clock the clock
   * @since 0.1.0
   */
  public InMemoryPollLease(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public synchronized Optional<Held> tryAcquire(String name, Duration ttl) {
    InMemoryCursorStore.requireName(name);
    requirePositive(ttl);
    Instant now = clock.instant();
    Entry current = leases.get(name);
    if (current != null && current.expiresAt().isAfter(now)) {
      return Optional.empty();
    }
    String token = UUID.randomUUID().toString();
    leases.put(name, new Entry(token, now.plus(ttl)));
    return Optional.of(new HeldLease(name, token));
  }

  private synchronized boolean renew(String name, String token, Duration ttl) {
    requirePositive(ttl);
    Instant now = clock.instant();
    Entry current = leases.get(name);
    if (current == null || !current.token().equals(token) || !current.expiresAt().isAfter(now)) {
      return false;
    }
    leases.put(name, new Entry(token, now.plus(ttl)));
    return true;
  }

  private synchronized void release(String name, String token) {
    Entry current = leases.get(name);
    if (current != null && current.token().equals(token)) {
      leases.remove(name);
    }
  }

  private static void requirePositive(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl == null");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, but was " + ttl);
    }
  }

  private final class HeldLease implements Held {
    private final String name;
    private final String token;

    HeldLease(String name, String token) {
      this.name = name;
      this.token = token;
    }

    @Override
    public boolean renew(Duration ttl) {
      return InMemoryPollLease.this.renew(name, token, ttl);
    }

    @Override
    public void close() {
      release(name, token);
    }
  }
}
