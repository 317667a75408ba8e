package io.enrollmentsync.redis;

import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.testing.RedisKeyCleaner;
import io.enrollmentsync.testing.TestServices;
import io.enrollmentsync.testkit.CursorStoreContract;
import org.junit.jupiter.api.AfterEach;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

/** Runs the cursor store contract on a real Redis, under a key prefix of its own. */
class RedisCursorStoreContractIT extends CursorStoreContract {
  private final TestServices.Endpoint redis = TestServices.redis();
  private final UnifiedJedis jedis = new UnifiedJedis(new HostAndPort(redis.host(), redis.port()));
  private final String prefix = TestServices.uniquePrefix();

  @AfterEach
  void deleteKeys() {
    RedisKeyCleaner.deleteKeys(jedis, prefix);
    jedis.close();
  }

  @Override
  protected CursorStore createCursorStore() {
    return new RedisCursorStore(jedis, prefix);
  }
}
