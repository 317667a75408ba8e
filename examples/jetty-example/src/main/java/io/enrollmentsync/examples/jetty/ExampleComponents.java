package io.enrollmentsync.examples.jetty;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.enrollmentsync.jdbc.JdbcCursorStore;
import io.enrollmentsync.jdbc.JdbcEnrollmentRepository;
import io.enrollmentsync.jdbc.JdbcSchema;
import io.enrollmentsync.memory.InMemoryPollLease;
import io.enrollmentsync.redis.RedisCursorStore;
import io.enrollmentsync.redis.RedisEventQueue;
import io.enrollmentsync.redis.RedisPollLease;
import io.enrollmentsync.redis.RedisQueueConfig;
import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.PollLease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The storage the example runs on: an embedded H2 file database under {@code DATA_DIR} unless
 * {@code DATABASE_URL} names another, and a Redis queue when {@code REDIS_HOST} is set (otherwise
 * the core's in-memory default).
 */
final class ExampleComponents implements AutoCloseable {
  private final HikariDataSource dataSource;
  /** Enough for Jetty's busy threads under a burst plus the worker's consumers. */
  private static final int REDIS_CONNECTIONS = 64;

  private final JedisPooled jedis;
  private final EventQueue queue;
  private final EnrollmentRepository repository;
  private final CursorStore cursors;
  private final PollLease lease;

  ExampleComponents(ExampleSettings settings) {
    this.dataSource = dataSource(settings);
    JdbcSchema.create(dataSource);
    this.repository = JdbcEnrollmentRepository.of(dataSource);
    if (settings.redisHost() == null) {
      this.jedis = null;
      this.queue = null;
      // One process without Redis: the cursor lives in the database, the lease in memory.
      this.cursors = JdbcCursorStore.of(dataSource);
      this.lease = new InMemoryPollLease();
    } else {
      // The socket timeout stays above the queue's 1 s blocking read.
      this.jedis = new JedisPooled(new HostAndPort(settings.redisHost(), settings.redisPort()),
          DefaultJedisClientConfig.builder()
              .password(settings.redisPassword())
              .socketTimeoutMillis(5_000)
              .build(),
          redisPool());
      RedisQueueConfig.Builder queueConfig = RedisQueueConfig.builder();
      if (settings.dedupeTtl() != null) {
        queueConfig.dedupeTtl(settings.dedupeTtl());
      }
      String prefix = settings.redisKeyPrefix();
      if (prefix != null) {
        queueConfig.keyPrefix(prefix);
      }
      this.queue = new RedisEventQueue(jedis, queueConfig.build());
      this.cursors =
          prefix == null ? new RedisCursorStore(jedis) : new RedisCursorStore(jedis, prefix);
      this.lease = prefix == null ? new RedisPollLease(jedis) : new RedisPollLease(jedis, prefix);
    }
  }

  /** The Redis queue, or null for the in-memory default. */
  EventQueue queue() {
    return queue;
  }

  EnrollmentRepository repository() {
    return repository;
  }

  CursorStore cursors() {
    return cursors;
  }

  PollLease lease() {
    return lease;
  }

  @Override
  public void close() {
    if (queue != null) {
      queue.close();
    }
    if (jedis != null) {
      jedis.close();
    }
    dataSource.close();
  }

  /**
   * One connection per webhook request in flight plus one per consumer (each holds one while it
   * waits for events). Jedis's default of 8 made Jetty's threads queue for a connection under
   * load: in the issue 9 profiles they spent more time parked in the pool than in Redis.
   */
  private static ConnectionPoolConfig redisPool() {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(REDIS_CONNECTIONS);
    pool.setMaxIdle(REDIS_CONNECTIONS);
    return pool;
  }

  private static HikariDataSource dataSource(ExampleSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("enrollment-sync-example");
    config.setMaximumPoolSize(8);
    if (settings.databaseUrl() == null) {
      try {
        Files.createDirectories(settings.dataDir());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create DATA_DIR " + settings.dataDir(), e);
      }
      config.setJdbcUrl("jdbc:h2:file:" + settings.dataDir().toAbsolutePath().resolve("enrollments")
          + ";DB_CLOSE_ON_EXIT=FALSE");
      config.setUsername("sa");
    } else {
      config.setJdbcUrl(settings.databaseUrl());
      config.setUsername(settings.databaseUser());
      config.setPassword(settings.databasePassword());
    }
    return new HikariDataSource(config);
  }
}
