package io.enrollmentsync.testing;

import redis.clients.jedis.JedisPooled;

/**
 * One test's corner of the test Redis: its address, a client, and a key prefix of its own whose
 * keys {@link #close()} deletes, so tests may share the server and run in parallel.
 */
public final class RedisScratch implements AutoCloseable {
  private final TestServices.Endpoint endpoint = TestServices.redis();
  private final String prefix = TestServices.uniquePrefix();
  private final JedisPooled jedis = new JedisPooled(endpoint.host(), endpoint.port());

  /**
   * Returns the server's host.
   *
   * @return the host
   */
  public String host() {
    return endpoint.host();
  }

  /**
   * Returns the server's port.
   *
   * @return the port
   */
  public int port() {
    return endpoint.port();
  }

  /**
   * Returns the key prefix of this test.
   *
   * @return a prefix such as {@code t3f9a1c2b0}
   */
  public String prefix() {
    return prefix;
  }

  /**
   * Returns a client of the server.
   *
   * @return the client, closed by {@link #close()}
   */
  public JedisPooled jedis() {
    return jedis;
  }

  /** Deletes every key under the prefix and closes the client. */
  @Override
  public void close() {
    try {
      RedisKeyCleaner.deleteKeys(jedis, prefix);
    } finally {
      jedis.close();
    }
  }
}
