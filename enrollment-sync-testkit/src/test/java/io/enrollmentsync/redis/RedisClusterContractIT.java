package io.enrollmentsync.redis;

import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.testing.LocalRedisCluster;
import io.enrollmentsync.testing.TestServices;
import io.enrollmentsync.testkit.CursorStoreContract;
import io.enrollmentsync.testkit.PollLeaseContract;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import redis.clients.jedis.JedisCluster;

/**
 * Runs the cursor store and poll lease contracts on a three-node Redis Cluster of the test's own,
 * through a {@link JedisCluster}; each test's prefix falls on whichever node serves its slot.
 */
class RedisClusterContractIT {
  private static LocalRedisCluster cluster;
  private static JedisCluster redis;

  @BeforeAll
  static void startCluster() throws IOException {
    cluster = LocalRedisCluster.start();
    redis = cluster.connect();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    try (LocalRedisCluster nodes = cluster) {
      if (redis != null) {
        redis.close();
      }
    }
  }

  @Nested
  class CursorStoreOnCluster extends CursorStoreContract {
    private final String prefix = TestServices.uniquePrefix();

    @Override
    protected CursorStore createCursorStore() {
      return new RedisCursorStore(redis, prefix);
    }
  }

  @Nested
  class PollLeaseOnCluster extends PollLeaseContract {
    private final String prefix = TestServices.uniquePrefix();

    @Override
    protected PollLease createPollLease() {
      return new RedisPollLease(redis, prefix);
    }
  }
}
