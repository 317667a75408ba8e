package io.enrollmentsync.redis;

import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.testing.RedisKeyCleaner;
import io.enrollmentsync.testing.TestServices;
import io.enrollmentsync.testkit.PollLeaseContract;
import org.junit.jupiter.api.AfterEach;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

/** Runs the poll lease contract on a real Redis: a new lease object per application instance. */
class RedisPollLeaseContractIT extends PollLeaseContract {
  private final TestServices.Endpoint redis = TestServices.redis();
  private final UnifiedJedis jedis = new UnifiedJedis(new HostAndPort(redis.host(), redis.port()));
  private final String prefix = TestServices.uniquePrefix();

  @AfterEach
  void deleteKeys() {
    RedisKeyCleaner.deleteKeys(jedis, prefix);
    jedis.close();
  }

  @Override
  protected PollLease createPollLease() {
    return new RedisPollLease(jedis, prefix);
  }
}
