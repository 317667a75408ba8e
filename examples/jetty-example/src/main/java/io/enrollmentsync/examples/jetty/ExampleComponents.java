package io.enrollmentsync.examples.jetty;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.enrollmentsync.Durations;
import io.enrollmentsync.SyncConfigurationException;
import io.enrollmentsync.jdbc.JdbcCursorStore;
import io.enrollmentsync.jdbc.JdbcEnrollmentRepository;
import io.enrollmentsync.jdbc.JdbcSchema;
import io.enrollmentsync.memory.InMemoryPollLease;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.poller.SyncPoller;
import io.enrollmentsync.redis.RedisEventQueue;
import io.enrollmentsync.redis.RedisPollLease;
import io.enrollmentsync.redis.RedisQueueConfig;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.thinkific.ThinkificClient;
import io.enrollmentsync.thinkific.ThinkificConfig;
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
 * the core's in-memory default). With {@code API_KEY} and {@code API_SUBDOMAIN} it also polls the
 * Thinkific Admin API, keeping its cursor in the database and its lease in Redis (or in memory).
 */
final class ExampleComponents implements AutoCloseable {
  private final HikariDataSource dataSource;
  /** Enough for Jetty's busy threads under a burst plus the worker's consumers. */
  private static final int REDIS_CONNECTIONS = 64;

  private final JedisPooled jedis;
  private final EventQueue queue;
  private final EnrollmentRepository repository;
  private final SyncPoller.Builder poller;

  ExampleComponents(ExampleSettings settings) {
    this.dataSource = dataSource(settings);
    JdbcSchema.create(dataSource);
    this.repository = JdbcEnrollmentRepository.of(dataSource);
    if (settings.redisHost() == null) {
      this.jedis = null;
      this.queue = null;
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
      this.queue = new RedisEventQueue(jedis, queueConfig.build());
    }
    this.poller = poller(settings);
  }

  /** The poller to build into the system, or null when polling is off. */
  SyncPoller.Builder poller() {
    return poller;
  }

  private SyncPoller.Builder poller(ExampleSettings settings) {
    if (settings.apiKey() == null || settings.apiSubdomain() == null) {
      return null;
    }
    ThinkificConfig.Builder client = ThinkificConfig.builder()
        .apiKey(settings.apiKey())
        .subdomain(settings.apiSubdomain());
    if (settings.apiBaseUrl() != null) {
      client.baseUrl(settings.apiBaseUrl());
    }
    PollerConfig.Builder config = PollerConfig.builder();
    if (settings.pollInterval() != null) {
      try {
        config.interval(Durations.parse(settings.pollInterval()));
      } catch (IllegalArgumentException e) {
        throw new SyncConfigurationException("SYNC_POLL_INTERVAL: " + e.getMessage());
      }
    }
    return SyncPoller.builder()
        .client(new ThinkificClient(client.build()))
        .cursors(JdbcCursorStore.of(dataSource))
        .lease(jedis == null ? new InMemoryPollLease() : new RedisPollLease(jedis))
        .config(config.build());
  }

  /** The Redis queue, or null for the in-memory default. */
  EventQueue queue() {
    return queue;
  }

  EnrollmentRepository repository() {
    return repository;
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
