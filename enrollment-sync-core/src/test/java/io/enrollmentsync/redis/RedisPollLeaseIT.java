package io.enrollmentsync.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.testing.RedisKeyCleaner;
import io.enrollmentsync.testing.TestServices;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

class RedisPollLeaseIT {
  private final TestServices.Endpoint redis = TestServices.redis();
  private final UnifiedJedis jedis = new UnifiedJedis(new HostAndPort(redis.host(), redis.port()));
  private final String prefix = TestServices.uniquePrefix();

  @AfterEach
  void cleanUp() {
    RedisKeyCleaner.deleteKeys(jedis, prefix);
    jedis.close();
  }

  @Test
  void leaseIsAKeyWithTheOwnersTokenAndTheTimeToLive() {
    PollLease lease = new RedisPollLease(jedis, prefix);
    String key = "{" + prefix + "}:lease:poller";

    PollLease.Held held = lease.tryAcquire("poller", Duration.ofSeconds(30)).orElseThrow();
    String token = jedis.get(key);
    long ttlAfterAcquire = jedis.pttl(key);
    boolean renewed = held.renew(Duration.ofSeconds(60));
    long ttlAfterRenew = jedis.pttl(key);
    held.close();

    assertThat(token).hasSize(36);
    assertThat(ttlAfterAcquire).isBetween(1L, 30_000L);
    assertThat(renewed).isTrue();
    assertThat(ttlAfterRenew).isGreaterThan(30_000L);
    assertThat(jedis.exists(key)).isFalse();
  }
}
