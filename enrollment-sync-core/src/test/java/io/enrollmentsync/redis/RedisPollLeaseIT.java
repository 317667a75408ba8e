package io.enrollmentsync.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.testing.PollLeaseContract;
import io.enrollmentsync.testing.RedisKeyCleaner;
import io.enrollmentsync.testing.TestServices;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

class RedisPollLeaseIT extends PollLeaseContract {
  private final TestServices.Endpoint redis = TestServices.redis();
  private final UnifiedJedis jedis = new UnifiedJedis(new HostAndPort(redis.host(), redis.port()));
  private final String prefix = TestServices.uniquePrefix();

  @AfterEach
  void cleanUp() {
    RedisKeyCleaner.deleteKeys(jedis, prefix);
    jedis.close();
  }

  @Override
  protected PollLease instance() {
    // A new object per call, as another application instance would have.
    return new RedisPollLease(jedis, prefix);
  }

  @Test
  void leaseIsAKeyWithTheOwnersTokenAndTheTimeToLive() {
    PollLease.Held held = instance().tryAcquire("poller", Duration.ofSeconds(30)).orElseThrow();

    String key = "{" + prefix + "}:lease:poller";
    assertThat(jedis.get(key)).hasSize(36);
    assertThat(jedis.pttl(key)).isBetween(1L, 30_000L);

    held.renew(Duration.ofSeconds(60));
    assertThat(jedis.pttl(key)).isGreaterThan(30_000L);
    held.close();
    assertThat(jedis.exists(key)).isFalse();
  }
}
