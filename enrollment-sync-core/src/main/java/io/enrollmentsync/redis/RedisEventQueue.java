package io.enrollmentsync.redis;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.internal.EventCodec;
import io.enrollmentsync.internal.redis.LuaScript;
import io.enrollmentsync.internal.redis.QueueKeys;
import io.enrollmentsync.spi.DeadLetter;
import io.enrollmentsync.spi.DeadLetterStore;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.OfferResult;
import io.enrollmentsync.spi.QueueStats;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.spi.RejectedDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamEntryBinary;
import redis.clients.jedis.util.KeyValue;

/**
 * An {@link EventQueue} on Redis 6.2 or later: a stream read by one consumer group, a sorted set
 * of delayed retries, a capped dead-letter stream and a capped quarantine stream.
 *
 * <p>Every step that must be atomic (dedupe and enqueue, retry, dead-letter, replay) is one Lua
 * script. Acknowledged entries are deleted, dedupe marks expire and the dead-letter and quarantine
 * streams are capped, so Redis memory levels off under a steady load. Every Redis error reaches
 * the caller as {@link SyncStoreUnavailableException}; a missing stream or consumer group (after
 * a Redis restart without persistence) is created again on the next {@link #take}. The keys and
 * scripts are described in {@code docs/redis-queue.md}.
 *
 * <p>The client belongs to the caller, who closes it after this queue. Give it enough connections
 * for every consumer (each holds one while it waits in {@link #take}) plus the webhook threads,
 * and a socket timeout above {@link RedisQueueConfig#blockTime()}.
 *
 * @since 0.1.0
 */
public final class RedisEventQueue implements EventQueue {
  private static final Logger LOG = LoggerFactory.getLogger(RedisEventQueue.class);

  private static final LuaScript OFFER = LuaScript.load("offer");
  private static final LuaScript ACK = LuaScript.load("ack");
  private static final LuaScript RETRY = LuaScript.load("retry");
  private static final LuaScript PROMOTE = LuaScript.load("promote");
  private static final LuaScript DEAD_LETTER = LuaScript.load("dead-letter");
  private static final LuaScript REPLAY = LuaScript.load("replay");
  private static final LuaScript STATS = LuaScript.load("stats");
  private static final LuaScript DELIVERY_COUNTS = LuaScript.load("delivery-counts");
  private static final LuaScript PRUNE_CONSUMERS = LuaScript.load("prune-consumers");

  private static final Pattern ENTRY_ID = Pattern.compile("\\d{1,19}-\\d{1,19}");
  private static final int MAX_ERROR_LENGTH = 2_000;
  private static final int ACK_CHUNK = 500;
  private static final int REPLAY_CHUNK = 100;
  private static final int MAX_LIST = 1_000;
  private static final long MIN_WAIT_FOR_RETRY_MS = 10;

  private final UnifiedJedis redis;
  private final RedisQueueConfig config;
  private final Clock clock;
  private final QueueKeys keys;
  private final DeadLetterStore deadLetters = new RedisDeadLetters();
  private final AtomicReference<String> claimCursor = new AtomicReference<>("0-0");
  private final AtomicBoolean memoryPolicyChecked = new AtomicBoolean();
  private final Set<String> resumedConsumers = ConcurrentHashMap.newKeySet();
  private final Map<String, String> resumeCursors = new ConcurrentHashMap<>();
  private final AtomicLong nextPruneAt = new AtomicLong(System.nanoTime());
  private volatile boolean groupReady;
  private volatile boolean closed;

  /**
   * Creates a queue on the system clock and prepares its consumer group. When Redis does not
   * answer yet, the group is created on first use instead.
   *
   * @param redis the client, such as a {@code JedisPooled}; not closed by this queue
   * @param config the settings
   * @since 0.1.0
   */
  public RedisEventQueue(UnifiedJedis redis, RedisQueueConfig config) {
    this(redis, config, Clock.systemUTC());
  }

  /**
   * Creates a queue that reads time from the given clock, for enqueue times, retry due times and
   * dead-letter times. How long an event stays invisible is measured by the Redis server.
   *
   * @param redis the client, such as a {@code JedisPooled}; not closed by this queue
   * @param config the settings
   * @param clock the clock
   * @since 0.1.0
   */
  public RedisEventQueue(UnifiedJedis redis, RedisQueueConfig config, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.config = Objects.requireNonNull(config, "config == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.keys = new QueueKeys(config.keyPrefix());
    try {
      prepare();
    } catch (JedisException e) {
      LOG.warn("Redis queue {} could not reach Redis at start-up ({}); it will try again on first"
          + " use", keys.events(), e.getMessage());
    }
  }

  /**
   * Returns the settings of this queue.
   *
   * @return the settings
   * @since 0.1.0
   */
  public RedisQueueConfig config() {
    return config;
  }

  @Override
  public OfferResult offer(EnrollmentEvent event) {
    Objects.requireNonNull(event, "event == null");
    ensureOpen();
    String id = event.eventId();
    String encoded = new String(EventCodec.encode(event), StandardCharsets.UTF_8);
    List<String> scriptKeys = List.of(keys.seen(id), keys.events(), keys.delayed());
    List<String> args = List.of(
        Long.toString(config.dedupeTtl().toMillis()), Long.toString(config.maxLength()), encoded,
        Long.toString(clock.millis()));

    long result = call("queue event " + id, () -> (Long) OFFER.run(redis, scriptKeys, args));

    if (result < 0) {
      throw new SyncStoreUnavailableException("Redis queue " + keys.events()
          + " is full (maxLength " + config.maxLength() + "): event " + id + " was not queued;"
          + " the sender must retry later. Check that consumers are running, or raise maxLength");
    }
    return result == 1 ? OfferResult.QUEUED : OfferResult.DUPLICATE;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The first calls for a consumer name on this queue object hand out that consumer's own
   * unacknowledged events (left by a process that used the name before) until none is left; later
   * calls do not, so a consumer may take more before acknowledging what it holds. The wait is cut
   * into reads of at most {@link RedisQueueConfig#blockTime()}; an interrupt is noticed between
   * them.
   */
  @Override
  public List<QueuedEvent> take(String consumer, int max, Duration maxWait)
      throws InterruptedException {
    requireConsumer(consumer);
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, but was " + max);
    }
    Objects.requireNonNull(maxWait, "maxWait == null");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, but was " + maxWait);
    }
    if (closed) {
      return List.of();
    }
    long deadline = System.nanoTime() + maxWait.toNanos();

    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while consumer " + consumer + " waited");
      }
      Ready ready = withGroup("take events for consumer " + consumer,
          () -> readReady(consumer, max));
      if (!ready.events().isEmpty() || closed) {
        return ready.events();
      }

      long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (remainingMs <= 0) {
        return List.of();
      }
      long blockMs = blockMillis(remainingMs, ready.nextRetryAt());
      List<QueuedEvent> fresh = withGroup("wait for events for consumer " + consumer,
          () -> toQueued(readGroup(consumer, max, ">", blockMs), Map.of()));
      if (!fresh.isEmpty()) {
        return fresh;
      }
    }
  }

  @Override
  public void ack(List<QueuedEvent> events) {
    Objects.requireNonNull(events, "events == null");
    for (int from = 0; from < events.size(); from += ACK_CHUNK) {
      List<String> args = new ArrayList<>();
      args.add(config.group());
      for (QueuedEvent event : events.subList(from, Math.min(events.size(), from + ACK_CHUNK))) {
        args.add(event.deliveryId());
      }
      call("acknowledge " + (args.size() - 1) + " events",
          () -> ACK.run(redis, List.of(keys.events()), args));
    }
  }

  @Override
  public void retry(QueuedEvent event, Instant notBefore, String error) {
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(notBefore, "notBefore == null");
    Objects.requireNonNull(error, "error == null");
    List<String> scriptKeys = List.of(keys.events(), keys.delayed(), keys.delayedEvents());
    List<String> args = List.of(
        config.group(), event.deliveryId(), Long.toString(notBefore.toEpochMilli()),
        Integer.toString(event.attempt()), truncate(error));

    long result = call("schedule a retry of event " + event.event().eventId(),
        () -> (Long) RETRY.run(redis, scriptKeys, args));

    if (result == 0) {
      LOG.debug("Event {} (entry {}) was already acknowledged elsewhere; no retry scheduled",
          event.event().eventId(), event.deliveryId());
    }
  }

  @Override
  public void deadLetter(QueuedEvent event, String error) {
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(error, "error == null");
    List<String> scriptKeys = List.of(keys.events(), keys.dead());
    List<String> args = List.of(
        config.group(), event.deliveryId(), Long.toString(config.deadLetterMaxLength()),
        Integer.toString(event.attempt()), truncate(error), Long.toString(clock.millis()));

    long result = call("dead-letter event " + event.event().eventId(),
        () -> (Long) DEAD_LETTER.run(redis, scriptKeys, args));

    if (result == 0) {
      LOG.debug("Event {} (entry {}) was already acknowledged elsewhere; not dead-lettered",
          event.event().eventId(), event.deliveryId());
    } else if (result == 2) {
      LOG.warn("Dead-letter stream {} is full ({} entries): dropped the oldest to keep event {};"
              + " replay or discard dead letters, or raise deadLetterMaxLength",
          keys.dead(), config.deadLetterMaxLength(), event.event().eventId());
    }
  }

  @Override
  public void quarantine(RejectedDelivery delivery) {
    Objects.requireNonNull(delivery, "delivery == null");
    ensureOpen();
    Map<byte[], byte[]> fields = new LinkedHashMap<>();
    fields.put(bytes("id"), bytes(delivery.id()));
    fields.put(bytes("r"), bytes(Long.toString(delivery.receivedAt().toEpochMilli())));
    fields.put(bytes("why"), bytes(truncate(delivery.reason())));
    if (delivery.eventId() != null) {
      fields.put(bytes("eid"), bytes(delivery.eventId()));
    }
    fields.put(bytes("b"), delivery.body());
    XAddParams params =
        XAddParams.xAddParams().maxLen(config.quarantineMaxLength()).exactTrimming();

    call("quarantine delivery " + delivery.id(),
        () -> redis.xadd(bytes(keys.quarantine()), params, fields));
  }

  @Override
  public List<RejectedDelivery> quarantined(int limit) {
    requireLimit(limit);
    byte[] key = bytes(keys.quarantine());

    List<StreamEntryBinary> entries = call("list quarantined deliveries", () ->
        BuilderFactory.STREAM_ENTRY_BINARY_LIST.build(redis.sendCommand(key,
            Protocol.Command.XREVRANGE, key, bytes("+"), bytes("-"),
            Protocol.Keyword.COUNT.getRaw(), bytes(Integer.toString(limit)))));

    List<RejectedDelivery> out = new ArrayList<>(entries.size());
    for (StreamEntryBinary entry : entries) {
      Map<String, byte[]> f = new HashMap<>();
      entry.getFields().forEach((k, v) -> f.put(new String(k, StandardCharsets.UTF_8), v));
      out.add(new RejectedDelivery(
          text(f.get("id"), entry.getID().toString()),
          Instant.ofEpochMilli(Long.parseLong(text(f.get("r"), "0"))),
          text(f.get("why"), ""),
          f.get("eid") == null ? null : text(f.get("eid"), null),
          f.get("b") == null ? new byte[0] : f.get("b")));
    }
    return out;
  }

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  @Override
  public QueueStats stats() {
    List<String> scriptKeys =
        List.of(keys.events(), keys.delayed(), keys.dead(), keys.quarantine());

    List<?> sizes = call("read the queue sizes",
        () -> (List<?>) STATS.run(redis, scriptKeys, List.of(config.group())));

    return new QueueStats(
        (Long) sizes.get(0), (Long) sizes.get(1), (Long) sizes.get(2), (Long) sizes.get(3),
        (Long) sizes.get(4));
  }

  @Override
  public void ping() {
    ensureOpen();
    call("answer a ping", () -> redis.sendCommand(keys.events(), Protocol.Command.PING));
  }

  /**
   * Stops the queue from accepting and handing out events: {@code offer}, {@code quarantine} and
   * {@code ping} then throw {@link SyncStoreUnavailableException} and {@code take} returns nothing.
   * Events already handed out may still be acknowledged, retried or dead-lettered. The client
   * stays open, since it belongs to the caller.
   */
  @Override
  public void close() {
    closed = true;
  }

  // ---- take -----------------------------------------------------------------------------------

  /** What one pass over the ready sources found, and when the next retry is due (-1: none). */
  private record Ready(List<QueuedEvent> events, long nextRetryAt) {}

  /**
   * Hands out, in this order: the consumer's own unacknowledged entries (until it has got them
   * all back once), entries idle longer than the visibility timeout, and new entries, after moving
   * due retries into the stream. None of these reads blocks.
   */
  private Ready readReady(String consumer, int max) {
    prepare();
    pruneIdleConsumers();
    long nextRetryAt = promoteDueRetries(max);

    List<StreamEntry> own = resumedConsumers.contains(consumer) ? List.of() : resume(consumer, max);
    List<StreamEntry> claimed = own.size() < max ? claim(consumer, max - own.size()) : List.of();
    Map<String, Long> deliveries = deliveryCounts(own, claimed);
    if (!own.isEmpty()) {
      LOG.info("Consumer {} resumed {} events it had not acknowledged before a restart",
          consumer, own.size());
    }
    if (!claimed.isEmpty()) {
      LOG.info("Consumer {} claimed {} events left unacknowledged for over {} by another consumer",
          consumer, claimed.size(), config.visibilityTimeout());
    }
    List<QueuedEvent> events = new ArrayList<>(toQueued(own, deliveries));
    events.addAll(toQueued(claimed, deliveries));

    if (events.size() < max) {
      events.addAll(toQueued(readGroup(consumer, max - events.size(), ">", 0), Map.of()));
    }
    return new Ready(events, nextRetryAt);
  }

  /**
   * Reads the consumer's own pending entries, walking its list across calls so that no entry is
   * handed out twice, until the list is exhausted once.
   */
  private List<StreamEntry> resume(String consumer, int max) {
    List<StreamEntry> own = readGroup(consumer, max, resumeCursors.getOrDefault(consumer, "0"), 0);
    if (own.size() < max) {
      resumedConsumers.add(consumer);
      resumeCursors.remove(consumer);
    } else {
      resumeCursors.put(consumer, own.get(own.size() - 1).getID().toString());
    }
    return own;
  }

  /** Removes consumers that hold nothing and are long idle; at most once per idle timeout. */
  private void pruneIdleConsumers() {
    long now = System.nanoTime();
    long due = nextPruneAt.get();
    long next = now + config.idleConsumerTimeout().toNanos();
    if (now - due < 0 || !nextPruneAt.compareAndSet(due, next)) {
      return;
    }
    long removed = (Long) PRUNE_CONSUMERS.run(redis, List.of(keys.events()),
        List.of(config.group(), Long.toString(config.idleConsumerTimeout().toMillis())));
    if (removed > 0) {
      LOG.info("Removed {} consumers of group {} that held nothing and were idle for over {}",
          removed, config.group(), config.idleConsumerTimeout());
    }
  }

  private long promoteDueRetries(int max) {
    List<?> reply = (List<?>) PROMOTE.run(
        redis, List.of(keys.delayed(), keys.delayedEvents(), keys.events()),
        List.of(Long.toString(clock.millis()), Integer.toString(max)));
    long moved = (Long) reply.get(0);
    if (moved > 0) {
      LOG.debug("Moved {} due retries back to {}", moved, keys.events());
    }
    return (Long) reply.get(1);
  }

  /**
   * Reads from the group; {@code ">"} reads new entries, {@code "0"} the consumer's own pending
   * ones (and counts a delivery for each).
   */
  private List<StreamEntry> readGroup(String consumer, int count, String from, long blockMs) {
    List<String> args = new ArrayList<>(List.of(
        "GROUP", config.group(), consumer, "COUNT", Integer.toString(count)));
    if (blockMs > 0) {
      // Deliberately not sent as a blocking command: Jedis would then wait on the socket without
      // a timeout, and a connection that died silently would hang the consumer for good. The
      // block time stays below the socket timeout instead.
      args.addAll(List.of("BLOCK", Long.toString(blockMs)));
    }
    args.addAll(List.of("STREAMS", keys.events(), from));

    // Sent with the key to route by, so that the client builds the arguments: JedisCluster cannot
    // route a CommandArguments built here (it fails with a ClassCastException).
    List<Map.Entry<String, List<StreamEntry>>> reply = BuilderFactory.STREAM_READ_RESPONSE.build(
        redis.sendCommand(keys.events(), Protocol.Command.XREADGROUP, args.toArray(new String[0])));

    if (reply == null || reply.isEmpty() || reply.get(0).getValue() == null) {
      return List.of();
    }
    return reply.get(0).getValue();
  }

  /** Claims entries whose last delivery is older than the visibility timeout. */
  private List<StreamEntry> claim(String consumer, int count) {
    String cursor = claimCursor.get();
    Map.Entry<StreamEntryID, List<StreamEntry>> reply = redis.xautoclaim(
        keys.events(), config.group(), consumer, config.visibilityTimeout().toMillis(),
        new StreamEntryID(cursor), XAutoClaimParams.xAutoClaimParams().count(count));
    // The cursor walks the pending list across calls, so a long list is examined in full.
    claimCursor.compareAndSet(cursor, reply.getKey().toString());
    return reply.getValue() == null ? List.of() : reply.getValue();
  }

  /** Reads the delivery counts of entries handed out again; new entries were delivered once. */
  private Map<String, Long> deliveryCounts(List<StreamEntry> own, List<StreamEntry> claimed) {
    if (own.isEmpty() && claimed.isEmpty()) {
      return Map.of();
    }
    List<String> args = new ArrayList<>();
    args.add(config.group());
    own.forEach(e -> args.add(e.getID().toString()));
    claimed.forEach(e -> args.add(e.getID().toString()));

    List<?> counts = (List<?>) DELIVERY_COUNTS.run(redis, List.of(keys.events()), args);

    Map<String, Long> byId = new HashMap<>();
    for (int i = 0; i < counts.size(); i++) {
      long count = (Long) counts.get(i);
      if (count > 0) {
        byId.put(args.get(i + 1), count);
      }
    }
    return byId;
  }

  /**
   * Turns stream entries into events. An entry deleted while pending is acknowledged and skipped;
   * one that cannot be read goes to the quarantine, so it never blocks the consumer.
   *
   * @param deliveries delivery counts by entry id; an entry missing from it was delivered once
   */
  private List<QueuedEvent> toQueued(List<StreamEntry> entries, Map<String, Long> deliveries) {
    List<QueuedEvent> out = new ArrayList<>(entries.size());
    List<String> unreadable = new ArrayList<>();
    for (StreamEntry entry : entries) {
      String id = entry.getID().toString();
      Map<String, String> fields = entry.getFields();
      if (fields == null || fields.isEmpty()) {
        unreadable.add(id);
        continue;
      }
      try {
        EnrollmentEvent event =
            EventCodec.decode(fields.get("e").getBytes(StandardCharsets.UTF_8));
        long attempt = Long.parseLong(fields.get("a")) + deliveries.getOrDefault(id, 1L);
        Instant enqueuedAt = Instant.ofEpochMilli(Long.parseLong(fields.get("q")));
        out.add(new QueuedEvent(id, event, (int) Math.min(Integer.MAX_VALUE, attempt), enqueuedAt));
      } catch (RuntimeException e) {
        quarantineEntry(id, fields, e);
        unreadable.add(id);
      }
    }
    if (!unreadable.isEmpty()) {
      List<String> args = new ArrayList<>();
      args.add(config.group());
      args.addAll(unreadable);
      ACK.run(redis, List.of(keys.events()), args);
    }
    return out;
  }

  private void quarantineEntry(String id, Map<String, String> fields, RuntimeException e) {
    LOG.warn("Queue entry {} of {} cannot be read ({}); moved it to the quarantine",
        id, keys.events(), e.getClass().getSimpleName());
    String body = fields.getOrDefault("e", "");
    quarantine(new RejectedDelivery(
        id, clock.instant(), "unreadable queue entry: " + e.getMessage(), null,
        body.getBytes(StandardCharsets.UTF_8)));
  }

  private long blockMillis(long remainingMs, long nextRetryAt) {
    long block = Math.min(remainingMs, config.blockTime().toMillis());
    if (nextRetryAt >= 0) {
      block = Math.min(block, Math.max(MIN_WAIT_FOR_RETRY_MS, nextRetryAt - clock.millis()));
    }
    return Math.max(1, block);
  }

  // ---- set-up and errors ----------------------------------------------------------------------

  /** Creates the consumer group (and the stream) when needed, and checks the eviction policy. */
  private void prepare() {
    if (!groupReady) {
      createGroup();
      groupReady = true;
    }
    if (!memoryPolicyChecked.get()) {
      checkMemoryPolicy();
    }
  }

  private void createGroup() {
    try {
      // From id 0, so that entries added while the group was missing are read too.
      redis.xgroupCreate(keys.events(), config.group(), new StreamEntryID(0, 0), true);
      LOG.info("Created consumer group {} on {}", config.group(), keys.events());
    } catch (JedisDataException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
        throw e;
      }
    }
  }

  private void checkMemoryPolicy() {
    String policy;
    try {
      policy = readMemoryPolicy();
    } catch (JedisDataException e) {
      // Managed services often rename or forbid CONFIG; the operator has to check by hand.
      if (memoryPolicyChecked.compareAndSet(false, true)) {
        LOG.info("Could not read the Redis maxmemory-policy ({}); make sure it is noeviction,"
            + " or Redis may evict queued events under memory pressure", e.getMessage());
      }
      return;
    }
    if (memoryPolicyChecked.compareAndSet(false, true) && !"noeviction".equals(policy)) {
      LOG.warn("Redis maxmemory-policy is {}: under memory pressure Redis may evict queued events"
          + " and dedupe marks of {}. Set maxmemory-policy to noeviction", policy, keys.events());
    }
  }

  private String readMemoryPolicy() {
    Object reply = redis.sendCommand(
        keys.events(), Protocol.Command.CONFIG, "GET", "maxmemory-policy");
    if (reply instanceof List<?> list && !list.isEmpty()) {
      Object value = list.size() >= 2 ? list.get(1) : list.get(0);
      if (value instanceof KeyValue<?, ?> kv) {
        value = kv.getValue();
      }
      if (value instanceof byte[] raw) {
        return new String(raw, StandardCharsets.UTF_8);
      }
      return String.valueOf(value);
    }
    return String.valueOf(reply);
  }

  /** Runs a step of {@code take}; when the group has vanished, creates it and runs it again. */
  private <T> T withGroup(String what, Supplier<T> step) {
    return call(what, () -> {
      try {
        return step.get();
      } catch (JedisDataException e) {
        if (e.getMessage() == null || !e.getMessage().startsWith("NOGROUP")) {
          throw e;
        }
        LOG.warn("Consumer group {} on {} was missing (Redis restarted without its data, or the"
            + " key was deleted); creating it again", config.group(), keys.events());
        groupReady = false;
        prepare();
        return step.get();
      }
    });
  }

  private <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (JedisException e) {
      throw new SyncStoreUnavailableException("Redis could not " + what + " (" + e.getMessage()
          + "); check that Redis answers and has memory left, then try again", e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new SyncStoreUnavailableException("Redis queue " + keys.events() + " is closed and"
          + " takes no more events; the sender must retry, which reaches a running instance");
    }
  }

  private static void requireConsumer(String consumer) {
    Objects.requireNonNull(consumer, "consumer == null");
    if (consumer.isBlank()) {
      throw new IllegalArgumentException("consumer must not be blank");
    }
  }

  private static void requireLimit(int limit) {
    if (limit < 1 || limit > MAX_LIST) {
      throw new IllegalArgumentException(
          "limit must be from 1 to " + MAX_LIST + ", but was " + limit);
    }
  }

  private static String truncate(String text) {
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "...";
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] raw, String fallback) {
    return raw == null ? fallback : new String(raw, StandardCharsets.UTF_8);
  }

  // ---- dead letters ---------------------------------------------------------------------------

  /** The dead-letter stream, seen through {@link DeadLetterStore}. */
  private final class RedisDeadLetters implements DeadLetterStore {

    @Override
    public List<DeadLetter> list(String afterId, int limit) {
      requireLimit(limit);
      if (afterId != null && !isEntryId(afterId)) {
        throw new IllegalArgumentException("afterId must be a dead-letter id such as"
            + " 1700000000000-0 (two whole numbers, each at most " + Long.MAX_VALUE + "), but was '"
            + afterId + "'");
      }
      String start = afterId == null ? "-" : "(" + afterId;

      List<StreamEntry> entries =
          call("list dead letters", () -> redis.xrange(keys.dead(), start, "+", limit));

      List<DeadLetter> out = new ArrayList<>(entries.size());
      for (StreamEntry entry : entries) {
        toDeadLetter(entry).ifPresent(out::add);
      }
      return out;
    }

    @Override
    public Optional<DeadLetter> get(String id) {
      Objects.requireNonNull(id, "id == null");
      if (!isEntryId(id)) {
        return Optional.empty();
      }
      List<StreamEntry> entries =
          call("read dead letter " + id, () -> redis.xrange(keys.dead(), id, id, 1));
      return entries.isEmpty() ? Optional.empty() : toDeadLetter(entries.get(0));
    }

    @Override
    public boolean replay(String id) {
      Objects.requireNonNull(id, "id == null");
      if (!isEntryId(id)) {
        return false;
      }
      boolean replayed = move("replay dead letter " + id, id, id, 1) == 1;
      if (replayed) {
        LOG.info("Replayed dead letter {} into {}", id, keys.events());
      }
      return replayed;
    }

    @Override
    public int replayAll() {
      List<StreamEntry> newest =
          call("find the newest dead letter", () -> redis.xrevrange(keys.dead(), "+", "-", 1));
      if (newest.isEmpty()) {
        return 0;
      }
      // Only the dead letters present now: one that dies again meanwhile is not replayed twice.
      String last = newest.get(0).getID().toString();
      int total = 0;
      long moved;
      do {
        moved = move("replay dead letters", "-", last, REPLAY_CHUNK);
        total += (int) moved;
      } while (moved == REPLAY_CHUNK);
      LOG.info("Replayed {} dead letters into {}", total, keys.events());
      return total;
    }

    @Override
    public boolean discard(String id) {
      Objects.requireNonNull(id, "id == null");
      if (!isEntryId(id)) {
        return false;
      }
      long removed = call("discard dead letter " + id,
          () -> redis.xdel(keys.dead(), new StreamEntryID(id)));
      if (removed == 1) {
        LOG.info("Discarded dead letter {} from {}", id, keys.dead());
      }
      return removed == 1;
    }

    @Override
    public long size() {
      return call("count dead letters", () -> redis.xlen(keys.dead()));
    }

    /**
     * Tells whether {@code id} is a stream id this store can have made: two whole numbers, each
     * fitting a non-negative {@code long}. Anything else is never sent to Redis, which would refuse
     * it with an error that must not pass for an unreachable store.
     */
    private static boolean isEntryId(String id) {
      if (!ENTRY_ID.matcher(id).matches()) {
        return false;
      }
      int dash = id.indexOf('-');
      try {
        Long.parseLong(id.substring(0, dash));
        Long.parseLong(id.substring(dash + 1));
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }

    private long move(String what, String from, String to, int count) {
      return call(what, () -> (Long) REPLAY.run(redis, List.of(keys.dead(), keys.events()),
          List.of(from, to, Integer.toString(count))));
    }

    private Optional<DeadLetter> toDeadLetter(StreamEntry entry) {
      String id = entry.getID().toString();
      Map<String, String> f = entry.getFields();
      try {
        return Optional.of(new DeadLetter(
            id,
            EventCodec.decode(f.get("e").getBytes(StandardCharsets.UTF_8)),
            f.getOrDefault("err", ""),
            Integer.parseInt(f.get("a")),
            Instant.ofEpochMilli(Long.parseLong(f.get("q"))),
            Instant.ofEpochMilli(Long.parseLong(f.get("d")))));
      } catch (RuntimeException e) {
        LOG.warn("Dead letter {} of {} cannot be read ({}); skipped it, discard it by id",
            id, keys.dead(), e.getClass().getSimpleName());
        return Optional.empty();
      }
    }
  }
}
