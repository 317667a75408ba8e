package io.enrollmentsync.reliability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.jdbc.JdbcEnrollmentRepository;
import io.enrollmentsync.jdbc.SqlDialect;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.redis.RedisCursorStore;
import io.enrollmentsync.redis.RedisPollLease;
import io.enrollmentsync.redis.RedisEventQueue;
import io.enrollmentsync.redis.RedisQueueConfig;
import io.enrollmentsync.servlet.WebhookServlet;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.thinkific.ThinkificConfig;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.worker.WorkerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * One application instance as a host would run it: the webhook servlet on a real Jetty (loopback,
 * a free port), an {@link EnrollmentSync} on a Redis queue and the JDBC repository over a HikariCP
 * pool, with the worker running or not.
 */
final class SyncNode implements AutoCloseable {
  static final String SECRET = "reliability-site-api-key";
  static final String WEBHOOK_PATH = "/api/webhooks/enrollment";

  private final Settings settings;
  private final JedisPooled jedis;
  private final HikariDataSource dataSource;
  private final RedisEventQueue queue;
  private final EnrollmentSync sync;
  private final Server server;

  /**
   * How a node is set up.
   *
   * @param redisHost Redis host
   * @param redisPort Redis port
   * @param keyPrefix the queue's key prefix, unique to the scenario
   * @param jdbcUrl where the repository connects (possibly through a proxy)
   * @param jdbcUser the database user
   * @param table the enrollment table, unique to the scenario
   * @param queueConfig the queue settings
   * @param workerConfig the worker settings
   * @param runWorker whether this node drains the queue
   * @param httpPort the HTTP port, 0 for any free one
   * @param repositoryDecorator wraps the repository, for fault injection
   * @param connectionTimeout HikariCP's connection timeout; null for its default, 30 s
   * @param poller the Admin API and poller settings; null for no poller
   */
  record Settings(String redisHost, int redisPort, String keyPrefix, String jdbcUrl,
      String jdbcUser, String table, RedisQueueConfig queueConfig, WorkerConfig workerConfig,
      boolean runWorker, int httpPort, UnaryOperator<EnrollmentRepository> repositoryDecorator,
      Duration connectionTimeout, PollerSetup poller) {

    Settings withPoller(ThinkificConfig api, PollerConfig config) {
      return new Settings(redisHost, redisPort, keyPrefix, jdbcUrl, jdbcUser, table, queueConfig,
          workerConfig, runWorker, httpPort, repositoryDecorator, connectionTimeout,
          new PollerSetup(api, config));
    }

    Settings withHttpPort(int port) {
      return new Settings(redisHost, redisPort, keyPrefix, jdbcUrl, jdbcUser, table, queueConfig,
          workerConfig, runWorker, port, repositoryDecorator, connectionTimeout, poller);
    }

    Settings withRunWorker(boolean run) {
      return new Settings(redisHost, redisPort, keyPrefix, jdbcUrl, jdbcUser, table, queueConfig,
          workerConfig, run, httpPort, repositoryDecorator, connectionTimeout, poller);
    }

    Settings withRepositoryDecorator(UnaryOperator<EnrollmentRepository> decorator) {
      return new Settings(redisHost, redisPort, keyPrefix, jdbcUrl, jdbcUser, table, queueConfig,
          workerConfig, runWorker, httpPort, decorator, connectionTimeout, poller);
    }

    Settings withConnectionTimeout(Duration timeout) {
      return new Settings(redisHost, redisPort, keyPrefix, jdbcUrl, jdbcUser, table, queueConfig,
          workerConfig, runWorker, httpPort, repositoryDecorator, timeout, poller);
    }

    Settings withWorkerConfig(WorkerConfig config) {
      return new Settings(redisHost, redisPort, keyPrefix, jdbcUrl, jdbcUser, table, queueConfig,
          config, runWorker, httpPort, repositoryDecorator, connectionTimeout, poller);
    }
  }

  /** The poller's settings: the API client's and the walk's. */
  record PollerSetup(ThinkificConfig api, PollerConfig config) {}

  private SyncNode(Settings settings) throws Exception {
    this.settings = settings;
    this.jedis = redis(settings.redisHost(), settings.redisPort());
    this.dataSource = dataSource(settings.jdbcUrl(), settings.jdbcUser(), "node",
        settings.connectionTimeout());
    this.queue = new RedisEventQueue(jedis, settings.queueConfig());
    EnrollmentRepository repository = JdbcEnrollmentRepository.builder(dataSource)
        .dialect(SqlDialect.POSTGRESQL).tableName(settings.table()).build();
    EnrollmentSync.Builder builder = EnrollmentSync.builder()
        .webhook(WebhookConfig.builder().secret(SECRET).build())
        .queue(queue)
        .repository(settings.repositoryDecorator().apply(repository))
        .worker(settings.workerConfig())
        .shutdownTimeout(Duration.ofSeconds(10));
    if (settings.poller() != null) {
      builder.poller(settings.poller().api(), settings.poller().config())
          .cursorStore(new RedisCursorStore(jedis, settings.keyPrefix()))
          .pollLease(new RedisPollLease(jedis, settings.keyPrefix()));
    }
    this.sync = builder.build();

    this.server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(settings.httpPort());
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new WebhookServlet(sync.receiver())), WEBHOOK_PATH);
    server.setHandler(context);
  }

  /** Builds and starts a node: the worker first (when it runs), then HTTP. */
  static SyncNode start(Settings settings) throws Exception {
    SyncNode node = new SyncNode(settings);
    if (settings.runWorker()) {
      node.sync.start();
    }
    node.server.start();
    return node;
  }

  /** A Redis client as the example configures one, with room for every consumer and request. */
  static JedisPooled redis(String host, int port) {
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(32);
    pool.setMaxWait(Duration.ofSeconds(5));
    return new JedisPooled(pool, new HostAndPort(host, port),
        DefaultJedisClientConfig.builder().socketTimeoutMillis(5_000).build());
  }

  /** A HikariCP pool with its defaults (30 s connection timeout), as a host would start. */
  static HikariDataSource dataSource(String url, String user, String name) {
    return dataSource(url, user, name, null);
  }

  /** A HikariCP pool, with another connection timeout unless null. */
  static HikariDataSource dataSource(String url, String user, String name, Duration timeout) {
    HikariConfig config = new HikariConfig();
    if (timeout != null) {
      config.setConnectionTimeout(timeout.toMillis());
    }
    config.setPoolName("reliability-" + name);
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setMaximumPoolSize(8);
    return new HikariDataSource(config);
  }

  URI webhookUri() {
    return URI.create("http://127.0.0.1:" + port() + WEBHOOK_PATH);
  }

  int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  EnrollmentSync sync() {
    return sync;
  }

  RedisEventQueue queue() {
    return queue;
  }

  Settings settings() {
    return settings;
  }

  /** Stops HTTP first, then lets the worker finish what it holds, then closes the clients. */
  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      sync.close();
      queue.close();
      jedis.close();
      dataSource.close();
    }
  }
}
