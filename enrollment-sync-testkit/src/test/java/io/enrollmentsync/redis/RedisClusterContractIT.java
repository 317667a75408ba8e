package io.enrollmentsync.redis;

import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.testing.RedisClusterExtension;
import io.enrollmentsync.testing.TestServices;
import io.enrollmentsync.testkit.CursorStoreContract;
import io.enrollmentsync.testkit.PollLeaseContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisCluster;

/**
 * Runs the cursor store and poll lease contracts on a three-node Redis Cluster of the test's own,
 * through a {@link JedisCluster}; each test's prefix falls on whichever node serves its slot.
 */
class RedisClusterContractIT {
  @RegisterExtension
  static final RedisClusterExtension NODES = new RedisClusterExtension();

  @Nested
  class CursorStoreOnCluster extends CursorStoreContract {
    private final String prefix = TestServices.uniquePrefix();

    @Override
    protected CursorStore createCursorStore() {
      return new RedisCursorStore(NODES.client(), prefix);
    }
  }

  @Nested
  class PollLeaseOnCluster extends PollLeaseContract {
    private final String prefix = TestServices.uniquePrefix();

    @Override
    protected PollLease createPollLease() {
      return new RedisPollLease(NODES.client(), prefix);
    }
  }
}
