package io.enrollmentsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.internal.EventCodec;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.EventQueueContractTest;
import io.enrollmentsync.spi.OfferResult;
import io.enrollmentsync.spi.QueueStats;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.spi.RejectedDelivery;
import io.enrollmentsync.testing.LocalRedisServer;
import io.enrollmentsync.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.StreamEntryID;

/** Runs the queue contract against {@link RedisEventQueue} on a real Redis, then its own tests. */
class RedisEventQueueIT extends EventQueueContractTest {
  private static JedisPooled redis;

  private final String prefix = TestServices.uniquePrefix();

  @BeforeAll
  static void connect() {
    TestServices.Endpoint endpoint = TestServices.redis();
    redis = new JedisPooled(endpoint.host(), endpoint.port());
  }

  @AfterAll
  static void disconnect() {
    redis.close();
  }

  @AfterEach
  void deleteKeys() {
    RedisTestKeys.deleteAll(redis, prefix);
  }

  @Override
  protected EventQueue createQueue(Clock clock) {
    return queue(b -> b, clock);
  }

  @Override
  protected EventQueue reopen(EventQueue queue, Clock clock) {
    return createQueue(clock);
  }

  private RedisEventQueue queue(UnaryOperator<RedisQueueConfig.Builder> settings, Clock clock) {
    return new RedisEventQueue(redis, settings.apply(contractSettings(prefix)).build(), clock);
  }

  /** The settings the queue contract asks for, under a prefix; shared with RedisClusterIT. */
  static RedisQueueConfig.Builder contractSettings(String prefix) {
    return RedisQueueConfig.builder()
        .keyPrefix(prefix)
        .visibilityTimeout(VISIBILITY_TIMEOUT)
        .quarantineMaxLength(QUARANTINE_CAPACITY)
        .blockTime(Duration.ofMillis(200));
  }

  @Test
  void everyKeySharesTheHashTagOfThePrefix() throws Exception {
    queue.offer(event("evt-1"));
    queue.offer(event("evt-2"));
    List<QueuedEvent> taken = queue.take("a", 10, Duration.ZERO);
    queue.retry(taken.get(0), clock.instant().plusSeconds(60), "boom");
    queue.deadLetter(taken.get(1), "boom");
    queue.quarantine(new RejectedDelivery("rej-1", clock.instant(), "body: empty", null,
        new byte[0]));

    List<String> keys = RedisTestKeys.all(redis, prefix);

    assertThat(keys).isNotEmpty()
        .allSatisfy(key -> assertThat(key).startsWith("{" + prefix + "}:"));
  }

  @Test
  void acknowledgedEventsAreDeletedFromTheStream() throws Exception {
    for (int i = 0; i < 10; i++) {
      queue.offer(event("evt-" + i));
    }

    queue.ack(queue.take("a", 10, Duration.ZERO));

    assertThat(redis.xlen("{" + prefix + "}:events")).isZero();
  }

  @Test
  void dedupeMarkExpiresAfterTheConfiguredWindow() {
    RedisEventQueue shortMemory = queue(b -> b.dedupeTtl(Duration.ofMinutes(10)), clock);

    shortMemory.offer(event("evt-1"));

    long ttl = redis.pttl("{" + prefix + "}:seen:evt-1");
    assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis());
  }

  @Test
  void fullQueueRefusesAnOfferAsUnavailableAndLeavesNoDedupeMark() throws Exception {
    RedisEventQueue bounded = queue(b -> b.maxLength(2), clock);
    bounded.offer(event("evt-1"));
    bounded.offer(event("evt-2"));

    assertThatThrownBy(() -> bounded.offer(event("evt-3")))
        .isInstanceOf(SyncStoreUnavailableException.class)
        .hasMessageContaining("is full (maxLength 2)")
        .hasMessageContaining("evt-3");

    assertThat(redis.exists("{" + prefix + "}:seen:evt-3")).isFalse();
    bounded.ack(bounded.take("a", 1, Duration.ZERO));
    assertThat(bounded.offer(event("evt-3"))).isEqualTo(OfferResult.QUEUED);
  }

  @Test
  void restartedProcessGetsItsOwnEventsBackBeforeTheVisibilityTimeoutAndBeforeNewOnes()
      throws Exception {
    RedisEventQueue before = queue(b -> b.visibilityTimeout(Duration.ofMinutes(5)), clock);
    before.offer(event("evt-1"));
    before.offer(event("evt-2"));
    before.take("a", 2, Duration.ZERO);
    before.offer(event("evt-3"));
    RedisEventQueue after = queue(b -> b.visibilityTimeout(Duration.ofMinutes(5)), clock);

    List<QueuedEvent> resumed = after.take("a", 2, Duration.ZERO);
    List<QueuedEvent> next = after.take("a", 2, Duration.ZERO);

    assertThat(resumed).extracting(q -> q.event().eventId() + "@" + q.attempt())
        .containsExactly("evt-1@2", "evt-2@2");
    assertThat(next).extracting(q -> q.event().eventId() + "@" + q.attempt())
        .containsExactly("evt-3@1");
  }

  @Test
  void consumerCanTakeMoreBeforeAcknowledgingWithoutGettingTheSameEventsTwice()
      throws Exception {
    queue.offer(event("evt-1"));
    queue.offer(event("evt-2"));

    List<QueuedEvent> first = queue.take("a", 1, Duration.ZERO);
    List<QueuedEvent> second = queue.take("a", 10, Duration.ZERO);

    assertThat(first).extracting(q -> q.event().eventId()).containsExactly("evt-1");
    assertThat(second).extracting(q -> q.event().eventId()).containsExactly("evt-2");
  }

  @Test
  void longIdleConsumersThatHoldNothingAreRemovedFromTheGroupAndOthersKept() throws Exception {
    queue.offer(event("evt-1"));
    queue.take("holder", 10, Duration.ZERO);
    queue.take("gone", 10, Duration.ZERO);
    Thread.sleep(100);
    RedisEventQueue later = queue(b -> b.idleConsumerTimeout(Duration.ofMillis(50)), clock);

    later.take("fresh", 10, Duration.ZERO);

    assertThat(redis.xinfoConsumers("{" + prefix + "}:events", RedisQueueConfig.DEFAULT_GROUP))
        .extracting(c -> c.getName())
        .containsExactlyInAnyOrder("holder", "fresh");
  }

  @Test
  void takeCreatesTheStreamAndGroupAgainAfterRedisLostThem() throws Exception {
    queue.offer(event("evt-1"));
    queue.ack(queue.take("a", 10, Duration.ZERO));
    // What a restart without persistence leaves: no stream, no group, no marks.
    RedisTestKeys.deleteAll(redis, prefix);

    List<QueuedEvent> nothingYet = queue.take("a", 10, Duration.ZERO);
    queue.offer(event("evt-2"));
    List<QueuedEvent> taken = queue.take("a", 10, Duration.ofSeconds(1));

    assertThat(nothingYet).isEmpty();
    assertThat(taken).extracting(q -> q.event().eventId()).containsExactly("evt-2");
  }

  @Test
  void eventQueuedWhileTheGroupWasMissingIsStillDelivered() throws Exception {
    RedisTestKeys.deleteAll(redis, prefix);

    queue.offer(event("evt-1"));
    List<QueuedEvent> taken = queue.take("a", 10, Duration.ZERO);

    assertThat(taken).extracting(q -> q.event().eventId()).containsExactly("evt-1");
  }

  @Test
  void unreadableEntryGoesToTheQuarantineAndDoesNotBlockTheEventsBehindIt() throws Exception {
    redis.xadd("{" + prefix + "}:events", StreamEntryID.NEW_ENTRY,
        Map.of("e", "{not json", "q", "0", "a", "0"));
    queue.offer(event("evt-1"));

    List<QueuedEvent> taken = queue.take("a", 10, Duration.ZERO);

    assertThat(taken).extracting(q -> q.event().eventId()).containsExactly("evt-1");
    List<RejectedDelivery> quarantined = queue.quarantined(10);
    assertThat(quarantined).hasSize(1);
    assertThat(new String(quarantined.get(0).body(), StandardCharsets.UTF_8))
        .isEqualTo("{not json");
    assertThat(quarantined.get(0).reason()).startsWith("unreadable queue entry");
    assertThat(queue.stats()).isEqualTo(new QueueStats(0, 1, 0, 0, 1));
  }

  @Test
  void deadLetterStreamKeepsOnlyTheNewestUpToItsCap() throws Exception {
    RedisEventQueue capped = queue(b -> b.deadLetterMaxLength(3), clock);
    for (int i = 0; i < 5; i++) {
      capped.offer(event("evt-" + i));
    }

    for (QueuedEvent q : capped.take("a", 5, Duration.ZERO)) {
      capped.deadLetter(q, "boom");
    }

    assertThat(capped.deadLetters().list(null, 10))
        .extracting(d -> d.event().eventId())
        .containsExactly("evt-2", "evt-3", "evt-4");
  }

  @Test
  void binaryQuarantinedBodyComesBackByteForByte() {
    byte[] body = {(byte) 0xff, 0x00, (byte) 0xc3, 0x28, '{'};

    queue.quarantine(new RejectedDelivery("rej-1", clock.instant(), "body: not UTF-8", "1", body));

    assertThat(queue.quarantined(1).get(0).body()).isEqualTo(body);
  }

  @Test
  void everyOperationReportsAnUnreachableRedisAsStoreUnavailable() {
    try (JedisPooled nowhere = new JedisPooled(
        new HostAndPort("127.0.0.1", unusedPort()),
        DefaultJedisClientConfig.builder().connectionTimeoutMillis(200).build())) {
      RedisEventQueue unreachable = new RedisEventQueue(
          nowhere, RedisQueueConfig.builder().keyPrefix(prefix).build(), clock);
      EnrollmentEvent event = event("evt-1");
      QueuedEvent queued = new QueuedEvent("1-0", event, 1, clock.instant());

      List<ThrowingCall> calls = List.of(
          () -> unreachable.offer(event),
          () -> unreachable.take("a", 10, Duration.ofMillis(10)),
          () -> unreachable.ack(List.of(queued)),
          () -> unreachable.retry(queued, clock.instant(), "boom"),
          () -> unreachable.deadLetter(queued, "boom"),
          () -> unreachable.quarantine(
              new RejectedDelivery("r", clock.instant(), "x", null, new byte[0])),
          () -> unreachable.quarantined(10),
          unreachable::stats,
          unreachable::ping,
          () -> unreachable.deadLetters().list(null, 10),
          () -> unreachable.deadLetters().replayAll(),
          () -> unreachable.deadLetters().size());

      for (ThrowingCall call : calls) {
        assertThatThrownBy(call::run).isInstanceOf(SyncStoreUnavailableException.class);
      }
    }
  }

  @Test
  void queueWorksWhenConfigIsForbiddenAndWhenEvictionIsOn() throws Exception {
    try (LocalRedisServer noConfig = LocalRedisServer.start(
            "--rename-command", "CONFIG", "", "--maxmemory-policy", "allkeys-lru");
        JedisPooled client = new JedisPooled("127.0.0.1", noConfig.port());
        LocalRedisServer evicting = LocalRedisServer.start("--maxmemory-policy", "allkeys-lru");
        JedisPooled evictingClient = new JedisPooled("127.0.0.1", evicting.port())) {

      for (JedisPooled c : List.of(client, evictingClient)) {
        RedisEventQueue q = new RedisEventQueue(c, RedisQueueConfig.defaults(), clock);
        q.offer(event("evt-1"));
        assertThat(q.take("a", 10, Duration.ZERO)).hasSize(1);
      }
    }
  }

  @Test
  void outOfMemoryRefusesOffersAsUnavailableAndNeverLeavesAMarkWithoutItsEvent()
      throws Exception {
    try (LocalRedisServer small = LocalRedisServer.start("--maxmemory-policy", "noeviction");
        JedisPooled client = new JedisPooled("127.0.0.1", small.port())) {
      RedisEventQueue q = new RedisEventQueue(client, RedisQueueConfig.defaults(), clock);
      // Room for a few hundred events above what the empty server uses.
      client.configSet("maxmemory", Long.toString(usedMemory(client) + 300_000));
      List<String> accepted = new ArrayList<>();
      List<String> refused = new ArrayList<>();

      for (int i = 0; refused.isEmpty() && i < 100_000; i++) {
        String id = "evt-" + i;
        try {
          q.offer(event(id));
          accepted.add(id);
        } catch (SyncStoreUnavailableException e) {
          refused.add(id);
        }
      }

      assertThat(accepted).hasSizeGreaterThan(10);
      assertThat(refused).hasSize(1);
      assertThat(client.exists("{enrollment-sync}:seen:" + refused.get(0))).isFalse();
      assertThat(client.xlen("{enrollment-sync}:events")).isEqualTo(accepted.size());
      assertThat(queueIds(client)).containsExactlyElementsOf(accepted);
    }
  }

  private static long usedMemory(JedisPooled client) {
    return client.info("memory").lines()
        .filter(line -> line.startsWith("used_memory:"))
        .mapToLong(line -> Long.parseLong(line.substring("used_memory:".length()).trim()))
        .findFirst().orElseThrow();
  }

  private static List<String> queueIds(JedisPooled client) {
    return client.xrange("{enrollment-sync}:events", "-", "+").stream()
        .map(e -> EventCodec.decode(e.getFields().get("e").getBytes(StandardCharsets.UTF_8)))
        .map(EnrollmentEvent::eventId)
        .toList();
  }

  private static int unusedPort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }
}
