package io.enrollmentsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.testing.RedisKeyCleaner;
import io.enrollmentsync.testing.TestServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

class RedisCursorStoreIT {
  private final TestServices.Endpoint redis = TestServices.redis();
  private final UnifiedJedis jedis = new UnifiedJedis(new HostAndPort(redis.host(), redis.port()));
  private final String prefix = TestServices.uniquePrefix();
  private final CursorStore store = new RedisCursorStore(jedis, prefix);

  @AfterEach
  void cleanUp() {
    RedisKeyCleaner.deleteKeys(jedis, prefix);
    jedis.close();
  }

  @Test
  void cursorIsAReadableInstantUnderTheHashTaggedKey() {
    store.save("enrollments", Instant.parse("2025-03-19T12:05:00Z"));

    assertThat(jedis.get("{" + prefix + "}:cursor:enrollments")).isEqualTo("2025-03-19T12:05:00Z");
  }

  @Test
  void keyHoldingSomethingElseFailsWithWhatToDo() {
    jedis.set("{" + prefix + "}:cursor:enrollments", "yesterday");

    assertThatThrownBy(() -> store.load("enrollments"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'yesterday'")
        .hasMessageContaining("delete it");
  }

  @Test
  void unreachableRedisIsReportedAsStoreUnavailable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (UnifiedJedis down = new UnifiedJedis(new HostAndPort("127.0.0.1", port),
        DefaultJedisClientConfig.builder().connectionTimeoutMillis(200).build())) {
      CursorStore unreachable = new RedisCursorStore(down, prefix);

      assertThatThrownBy(() -> unreachable.load("enrollments"))
          .isInstanceOf(SyncStoreUnavailableException.class)
          .hasMessageContaining("{" + prefix + "}:cursor:enrollments");
    }
  }
}
