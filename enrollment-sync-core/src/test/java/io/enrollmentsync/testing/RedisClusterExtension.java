package io.enrollmentsync.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.JedisCluster;

/**
 * Starts a {@link LocalRedisCluster} and a client on it before a test class, and closes both after
 * it. Register it in a static field with {@code @RegisterExtension}; each class gets its own, and
 * its {@code @Nested} classes share it (JUnit calls the callbacks for them too; they are ignored).
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {
  private LocalRedisCluster cluster;
  private JedisCluster client;
  private String owner;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (owner != null) {
      return;
    }
    owner = context.getUniqueId();
    cluster = LocalRedisCluster.start();
    client = cluster.connect();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (!context.getUniqueId().equals(owner)) {
      return;
    }
    owner = null;
    try (LocalRedisCluster nodes = cluster) {
      if (client != null) {
        client.close();
      }
    }
  }

  /**
   * Returns the cluster started for the class.
   *
   * @return the cluster
   */
  public LocalRedisCluster cluster() {
    return cluster;
  }

  /**
   * Returns the client on the cluster; the extension closes it.
   *
   * @return the client
   */
  public JedisCluster client() {
    return client;
  }
}
