package io.enrollmentsync.memory;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.spi.DeadLetter;
import io.enrollmentsync.spi.DeadLetterStore;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.OfferResult;
import io.enrollmentsync.spi.QueueStats;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.spi.RejectedDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link EventQueue} held in this process's memory, with the same semantics as the Redis queue:
 * dedupe, visibility timeout, delayed retries, dead letters and a bounded quarantine.
 *
 * <p>Durable only as long as the process lives: a restart loses every queued event. It suits tests,
 * demos and the embedded defaults of the examples, never a production deployment that answers 2xx
 * to Thinkific and must not lose what it accepted.
 *
 * @since 0.1.0
 */
public final class InMemoryEventQueue implements EventQueue {
  private static final String DEAD_ID_PREFIX = "d-";

  private final Config config;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong deadSequence = new AtomicLong();

  private final Map<String, Instant> dedupeMarks = new LinkedHashMap<>();
  private final ArrayDeque<Entry> ready = new ArrayDeque<>();
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final PriorityQueue<Delayed> delayed =
      new PriorityQueue<>((a, b) -> a.due().compareTo(b.due()));
  private final LinkedHashMap<String, DeadLetter> dead = new LinkedHashMap<>();
  private final ArrayDeque<RejectedDelivery> quarantine = new ArrayDeque<>();
  private final Set<String> consumersSeen = new HashSet<>();
  private final DeadLetterStore deadLetterStore = new DeadLetters();
  private boolean closed;

  /**
   * Settings of the in-memory queue.
   *
   * @param capacity the most events held (ready, pending and delayed) before offers are refused
   * @param visibilityTimeout how long a handed-out event stays with its consumer before another
   *     may take it
   * @param dedupeWindow how long an event id is remembered
   * @param deadLetterCapacity the most dead letters kept; the oldest go first
   * @param quarantineCapacity the most rejected deliveries kept; the oldest go first
   * @since 0.1.0
   */
  public record Config(
      int capacity,
      Duration visibilityTimeout,
      Duration dedupeWindow,
      int deadLetterCapacity,
      int quarantineCapacity) {

    /** The defaults: 100,000 events, 30 s visibility, 7 days of dedupe, 10,000 and 1,000. */
    public static final Config DEFAULTS =
        new Config(100_000, Duration.ofSeconds(30), Duration.ofDays(7), 10_000, 1_000);

    /** Validates the settings. */
    public Config {
      positive("capacity", capacity);
      positive("deadLetterCapacity", deadLetterCapacity);
      positive("quarantineCapacity", quarantineCapacity);
      Objects.requireNonNull(visibilityTimeout, "visibilityTimeout == null");
      Objects.requireNonNull(dedupeWindow, "dedupeWindow == null");
      if (visibilityTimeout.isNegative() || visibilityTimeout.isZero()) {
        throw new IllegalArgumentException(
            "visibilityTimeout must be positive, but was " + visibilityTimeout);
      }
      if (dedupeWindow.isNegative() || dedupeWindow.isZero()) {
        throw new IllegalArgumentException("dedupeWindow must be positive, but was " + dedupeWindow);
      }
    }

    private static void positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, but was " + value);
      }
    }
  }

  /** Creates a queue with {@link Config#DEFAULTS} on the system clock. */
  public InMemoryEventQueue() {
    this(Config.DEFAULTS, Clock.systemUTC());
  }

  /**
   * Creates a queue.
   *
   * @param config the settings
   * @param clock the clock for visibility, retries and dedupe expiry
   */
  public InMemoryEventQueue(Config config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public OfferResult offer(EnrollmentEvent event) {
    Objects.requireNonNull(event, "event == null");
    lock.lock();
    try {
      ensureOpen();
      Instant now = clock.instant();
      Instant mark = dedupeMarks.get(event.eventId());
      if (mark != null && mark.isAfter(now)) {
        return OfferResult.DUPLICATE;
      }
      if (held() >= config.capacity()) {
        throw new SyncStoreUnavailableException("in-memory queue is full (" + config.capacity()
            + " events); raise its capacity or let the worker catch up");
      }
      expireMarks(now);
      dedupeMarks.put(event.eventId(), now.plus(config.dedupeWindow()));
      ready.addLast(new Entry(nextId(), event, now));
      changed.signalAll();
      return OfferResult.QUEUED;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<QueuedEvent> take(String consumer, int max, Duration maxWait)
      throws InterruptedException {
    Objects.requireNonNull(consumer, "consumer == null");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, but was " + max);
    }
    long remaining = Math.max(0, maxWait.toNanos());
    lock.lockInterruptibly();
    try {
      while (true) {
        if (closed) {
          return List.of();
        }
        List<QueuedEvent> out = collect(consumer, max, clock.instant());
        if (!out.isEmpty() || remaining <= 0) {
          return out;
        }
        // Wake at the next retry due time too, so delayed events are not held back by a long wait.
        long wait = Math.min(remaining, nanosUntilNextDue());
        long before = System.nanoTime();
        changed.awaitNanos(wait);
        remaining -= System.nanoTime() - before;
      }
    } finally {
      lock.unlock();
    }
  }

  private List<QueuedEvent> collect(String consumer, int max, Instant now) {
    List<QueuedEvent> out = new ArrayList<>();
    if (consumersSeen.add(consumer)) {
      for (Pending p : pending.values()) {
        if (out.size() < max && p.consumer().equals(consumer)) {
          out.add(redeliver(p, consumer, now));
        }
      }
    }
    Instant staleBefore = now.minus(config.visibilityTimeout());
    for (Pending p : new ArrayList<>(pending.values())) {
      if (out.size() < max && !p.lastDelivery().isAfter(staleBefore)) {
        out.add(redeliver(p, consumer, now));
      }
    }
    while (!delayed.isEmpty() && !delayed.peek().due().isAfter(now)) {
      ready.addLast(delayed.poll().entry());
    }
    while (out.size() < max && !ready.isEmpty()) {
      Entry entry = ready.pollFirst();
      entry.deliveries++;
      pending.put(entry.id, new Pending(entry, consumer, now));
      out.add(entry.toQueued());
    }
    return out;
  }

  private QueuedEvent redeliver(Pending p, String consumer, Instant now) {
    p.entry().deliveries++;
    pending.put(p.entry().id, new Pending(p.entry(), consumer, now));
    return p.entry().toQueued();
  }

  private long nanosUntilNextDue() {
    long toReclaim = Long.MAX_VALUE;
    Instant now = clock.instant();
    for (Pending p : pending.values()) {
      Instant due = p.lastDelivery().plus(config.visibilityTimeout());
      toReclaim = Math.min(toReclaim, Math.max(1, Duration.between(now, due).toNanos()));
    }
    Delayed next = delayed.peek();
    long toRetry = next == null
        ? Long.MAX_VALUE
        : Math.max(1, Duration.between(now, next.due()).toNanos());
    return Math.min(toReclaim, toRetry);
  }

  @Override
  public void ack(List<QueuedEvent> events) {
    lock.lock();
    try {
      for (QueuedEvent e : events) {
        pending.remove(e.deliveryId());
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void retry(QueuedEvent event, Instant notBefore, String error) {
    lock.lock();
    try {
      Pending p = pending.remove(event.deliveryId());
      if (p == null) {
        return; // acknowledged or dead-lettered by a consumer that reclaimed it meanwhile
      }
      p.entry().lastError = error;
      delayed.add(new Delayed(p.entry(), notBefore));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void deadLetter(QueuedEvent event, String error) {
    lock.lock();
    try {
      Pending p = pending.remove(event.deliveryId());
      if (p == null) {
        return;
      }
      Entry e = p.entry();
      // The store's own id, in dead-letter order, so that paging survives replays and discards.
      String deadId = DEAD_ID_PREFIX + deadSequence.incrementAndGet();
      dead.put(deadId,
          new DeadLetter(deadId, e.event, error, e.deliveries, e.enqueuedAt, clock.instant()));
      while (dead.size() > config.deadLetterCapacity()) {
        Iterator<String> oldest = dead.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void quarantine(RejectedDelivery delivery) {
    lock.lock();
    try {
      ensureOpen();
      quarantine.addFirst(delivery);
      while (quarantine.size() > config.quarantineCapacity()) {
        quarantine.removeLast();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<RejectedDelivery> quarantined(int limit) {
    lock.lock();
    try {
      return quarantine.stream().limit(Math.max(0, limit)).toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetterStore;
  }

  @Override
  public QueueStats stats() {
    lock.lock();
    try {
      return new QueueStats(ready.size(), pending.size(), delayed.size(), dead.size(),
          quarantine.size());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void ping() {
    lock.lock();
    try {
      ensureOpen();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new SyncStoreUnavailableException("in-memory queue is closed");
    }
  }

  private int held() {
    return ready.size() + pending.size() + delayed.size();
  }

  private void expireMarks(Instant now) {
    // Marks are inserted in time order, so expired ones sit at the front.
    Iterator<Instant> it = dedupeMarks.values().iterator();
    while (it.hasNext() && !it.next().isAfter(now)) {
      it.remove();
    }
  }

  private String nextId() {
    return "m-" + sequence.incrementAndGet();
  }

  /** One queued event and its delivery history. */
  private static final class Entry {
    final String id;
    final EnrollmentEvent event;
    final Instant enqueuedAt;
    int deliveries;
    String lastError;

    Entry(String id, EnrollmentEvent event, Instant enqueuedAt) {
      this.id = id;
      this.event = event;
      this.enqueuedAt = enqueuedAt;
    }

    QueuedEvent toQueued() {
      return new QueuedEvent(id, event, deliveries, enqueuedAt);
    }
  }

  private record Pending(Entry entry, String consumer, Instant lastDelivery) {}

  private record Delayed(Entry entry, Instant due) {}

  private final class DeadLetters implements DeadLetterStore {
    @Override
    public List<DeadLetter> list(String afterId, int limit) {
      if (limit < 1 || limit > 1000) {
        throw new IllegalArgumentException("limit must be from 1 to 1000, but was " + limit);
      }
      long after = afterId == null ? 0 : deadSequenceOf(afterId);
      lock.lock();
      try {
        List<DeadLetter> out = new ArrayList<>();
        for (DeadLetter d : dead.values()) {
          if (out.size() < limit && deadSequenceOf(d.id()) > after) {
            out.add(d);
          }
        }
        return out;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public Optional<DeadLetter> get(String id) {
      lock.lock();
      try {
        return Optional.ofNullable(dead.get(id));
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean replay(String id) {
      lock.lock();
      try {
        DeadLetter d = dead.remove(id);
        if (d == null) {
          return false;
        }
        ready.addLast(new Entry(nextId(), d.event(), clock.instant()));
        changed.signalAll();
        return true;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int replayAll() {
      lock.lock();
      try {
        int n = 0;
        for (String id : new ArrayList<>(dead.keySet())) {
          if (replay(id)) {
            n++;
          }
        }
        return n;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean discard(String id) {
      lock.lock();
      try {
        return dead.remove(id) != null;
      } finally {
        lock.unlock();
      }
    }

    private long deadSequenceOf(String id) {
      try {
        if (id.startsWith(DEAD_ID_PREFIX)) {
          return Long.parseLong(id.substring(DEAD_ID_PREFIX.length()));
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "afterId must be a dead-letter id such as d-1, but was '" + id + "'");
    }

    @Override
    public long size() {
      lock.lock();
      try {
        return dead.size();
      } finally {
        lock.unlock();
      }
    }
  }
}
