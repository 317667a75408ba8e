package io.enrollmentsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.EventQueueContractTest;
import io.enrollmentsync.spi.OfferResult;
import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.testing.Events;
import io.enrollmentsync.testing.LocalRedisCluster;
import io.enrollmentsync.testing.RedisClusterExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;

/**
 * Runs the Redis queue, cursor store and poll lease on a three-node Redis Cluster through a
 * {@link JedisCluster}: the queue contract once on a prefix served by the first node and once on
 * one served by the last, the poison scenario with its retries and dead letter, and prefixes that
 * the nodes themselves report on different nodes.
 */
class RedisClusterIT {
  private static final int FIRST_NODE = 0;
  private static final int LAST_NODE = 2;

  @RegisterExtension
  static final RedisClusterExtension NODES = new RedisClusterExtension();

  @Test
  void queuesOfTwoPrefixesLiveOnDifferentNodesAndKeepTheirEventsApart() throws Exception {
    String first = LocalRedisCluster.prefixOnNode(FIRST_NODE);
    String last = LocalRedisCluster.prefixOnNode(LAST_NODE);
    RedisEventQueue one = new RedisEventQueue(NODES.client(), RedisQueueConfig.builder()
        .keyPrefix(first).build());
    RedisEventQueue other = new RedisEventQueue(NODES.client(), RedisQueueConfig.builder()
        .keyPrefix(last).build());

    OfferResult toOne = one.offer(Events.progress("evt-1", 1, 60, 0.5));
    OfferResult toOther = other.offer(Events.progress("evt-1", 1, 60, 0.5));
    List<QueuedEvent> fromOne = one.take("a", 10, Duration.ZERO);
    List<QueuedEvent> fromOther = other.take("a", 10, Duration.ZERO);

    assertThat(toOne).isEqualTo(OfferResult.QUEUED);
    assertThat(toOther).isEqualTo(OfferResult.QUEUED);
    assertThat(fromOne).hasSize(1);
    assertThat(fromOther).hasSize(1);
    HostAndPort oneNode = NODES.cluster().owner("{" + first + "}:events");
    HostAndPort otherNode = NODES.cluster().owner("{" + last + "}:events");
    assertThat(oneNode).isNotEqualTo(otherNode);
    assertThat(NODES.cluster().owner("{" + first + "}:seen:evt-1")).isEqualTo(oneNode);
    assertThat(NODES.cluster().owner("{" + last + "}:seen:evt-1")).isEqualTo(otherNode);
  }

  @Test
  void cursorsAndLeasesOfTwoPrefixesLiveOnDifferentNodesAndStayApart() {
    String first = LocalRedisCluster.prefixOnNode(FIRST_NODE);
    String last = LocalRedisCluster.prefixOnNode(LAST_NODE);
    Instant oneAt = Instant.parse("2025-03-19T12:05:00Z");
    Instant otherAt = Instant.parse("2025-03-20T08:00:00Z");

    new RedisCursorStore(NODES.client(), first).save("enrollments", oneAt);
    new RedisCursorStore(NODES.client(), last).save("enrollments", otherAt);
    Optional<PollLease.Held> oneLease =
        new RedisPollLease(NODES.client(), first).tryAcquire("poller", Duration.ofSeconds(30));
    Optional<PollLease.Held> otherLease =
        new RedisPollLease(NODES.client(), last).tryAcquire("poller", Duration.ofSeconds(30));

    assertThat(new RedisCursorStore(NODES.client(), first).load("enrollments")).contains(oneAt);
    assertThat(new RedisCursorStore(NODES.client(), last).load("enrollments")).contains(otherAt);
    assertThat(oneLease).isPresent();
    assertThat(otherLease).isPresent();
    assertThat(oneLease.get().renew(Duration.ofSeconds(60))).isTrue();
    oneLease.get().close();
    otherLease.get().close();
    assertThat(NODES.client().exists("{" + first + "}:lease:poller")).isFalse();
    assertThat(NODES.cluster().owner("{" + first + "}:cursor:enrollments"))
        .isNotEqualTo(NODES.cluster().owner("{" + last + "}:cursor:enrollments"));
  }

  @Test
  void queueWhoseNodeIsDownReportsStoreUnavailableWhileAQueueOnAnotherNodeWorks()
      throws Exception {
    try (LocalRedisCluster failing = LocalRedisCluster.start();
        JedisCluster client = new JedisCluster(failing.nodes(), DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(200).socketTimeoutMillis(500).build(),
            2, Duration.ofSeconds(2))) {
      String lost = LocalRedisCluster.prefixOnNode(FIRST_NODE);
      String kept = LocalRedisCluster.prefixOnNode(LAST_NODE);
      RedisEventQueue down = new RedisEventQueue(client, RedisQueueConfig.builder()
          .keyPrefix(lost).build());
      RedisEventQueue up = new RedisEventQueue(client, RedisQueueConfig.builder()
          .keyPrefix(kept).build());

      failing.kill(failing.owner("{" + lost + "}:events"));

      assertThatThrownBy(() -> down.offer(Events.progress("evt-1", 1, 60, 0.5)))
          .isInstanceOf(SyncStoreUnavailableException.class);
      assertThatThrownBy(down::ping).isInstanceOf(SyncStoreUnavailableException.class);
      assertThatThrownBy(() -> down.take("a", 10, Duration.ZERO))
          .isInstanceOf(SyncStoreUnavailableException.class);
      assertThat(up.offer(Events.progress("evt-1", 1, 60, 0.5))).isEqualTo(OfferResult.QUEUED);
      assertThatCode(up::ping).doesNotThrowAnyException();
    }
  }

  /** The queue contract under a prefix whose hash slot one node serves. */
  private abstract class QueueContractOnNode extends EventQueueContractTest {
    private final String prefix = LocalRedisCluster.prefixOnNode(node());

    abstract int node();

    @Override
    protected EventQueue createQueue(Clock clock) {
      return new RedisEventQueue(NODES.client(), RedisEventQueueIT.contractSettings(prefix).build(),
          clock);
    }

    @Override
    protected EventQueue reopen(EventQueue queue, Clock clock) {
      return createQueue(clock);
    }
  }

  @Nested
  class QueueOnFirstNode extends QueueContractOnNode {
    @Override
    int node() {
      return FIRST_NODE;
    }
  }

  @Nested
  class QueueOnLastNode extends QueueContractOnNode {
    @Override
    int node() {
      return LAST_NODE;
    }
  }

  @Nested
  class PoisonEvent extends RedisQueuePoisonIT {
    @Override
    UnifiedJedis openClient() {
      return NODES.cluster().connect();
    }
  }
}
