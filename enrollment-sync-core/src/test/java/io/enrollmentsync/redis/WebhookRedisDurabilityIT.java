package io.enrollmentsync.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.internal.redis.QueueKeys;
import io.enrollmentsync.jdbc.JdbcEnrollmentRepository;
import io.enrollmentsync.jdbc.JdbcSchema;
import io.enrollmentsync.jdbc.SqlDialect;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.testing.LocalRedisServer;
import io.enrollmentsync.testing.TestServices;
import io.enrollmentsync.webhook.WebhookDurabilityContract;
import io.enrollmentsync.webhook.WebhookOutcome;
import io.enrollmentsync.webhook.WebhookReceiver;
import io.enrollmentsync.webhook.WebhookResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;

/**
 * The webhook receiver's dedupe and durability bullets on the real stores: the Redis queue on the
 * shared Redis (a key prefix of its own per test, deleted afterwards), a Redis of the test's own
 * for outages, and the JDBC repository on the shared PostgreSQL (tables of its own, dropped).
 */
class WebhookRedisDurabilityIT extends WebhookDurabilityContract {
  private static JedisPooled redis;

  private final String prefix = TestServices.uniquePrefix();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();
  private PGSimpleDataSource postgres;

  @BeforeAll
  static void connect() {
    TestServices.Endpoint endpoint = TestServices.redis();
    redis = new JedisPooled(endpoint.host(), endpoint.port());
  }

  @AfterAll
  static void disconnect() {
    redis.close();
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable resource : opened) {
      resource.close();
    }
    RedisTestKeys.deleteAll(redis, prefix);
    for (String table : tables) {
      sql("DROP TABLE IF EXISTS " + table);
    }
  }

  private RedisQueueConfig.Builder config() {
    return RedisQueueConfig.builder().keyPrefix(prefix).blockTime(Duration.ofMillis(50));
  }

  @Override
  protected EventQueue queue() {
    return new RedisEventQueue(redis, config().build());
  }

  @Override
  protected EventQueue unreachableQueue() {
    JedisPooled nowhere = new JedisPooled(new HostAndPort("127.0.0.1", unusedPort()), quick());
    opened.add(nowhere);
    return new RedisEventQueue(nowhere, config().build());
  }

  @Override
  protected EventQueue queueHoldingAtMost(int events) {
    return new RedisEventQueue(redis, config().maxLength(events).build());
  }

  @Override
  protected Outage outage() throws IOException {
    LocalRedisServer server = LocalRedisServer.start();
    opened.add(server);
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    // A pooled connection that died with the server is found on borrow, not by a delivery.
    pool.setTestOnBorrow(true);
    JedisPooled client =
        new JedisPooled(pool, new HostAndPort("127.0.0.1", server.port()), quick());
    opened.add(0, client);
    RedisEventQueue queue = new RedisEventQueue(client, config().build());
    return new Outage() {
      @Override
      public EventQueue queue() {
        return queue;
      }

      @Override
      public void begin() throws InterruptedException {
        server.kill();
      }

      @Override
      public void end() throws IOException {
        server.restart();
      }
    };
  }

  @Override
  protected EnrollmentRepository repository() {
    if (postgres == null) {
      TestServices.Database db = TestServices.postgres();
      postgres = new PGSimpleDataSource();
      postgres.setUrl(db.url());
      postgres.setUser(db.user());
      postgres.setPassword(db.password());
    }
    String table = prefix + "_enrollment" + tables.size();
    tables.add(table);
    tables.add(table + "_cursor");
    JdbcSchema.create(postgres, SqlDialect.POSTGRESQL, table, table + "_cursor");
    return JdbcEnrollmentRepository.builder(postgres).dialect(SqlDialect.POSTGRESQL)
        .tableName(table).build();
  }

  @Test
  void failureInsideTheOfferScriptLeavesNoDedupeMarkSoTheRedeliveryIsAccepted()
      throws Exception {
    RedisEventQueue queue = new RedisEventQueue(redis, config().build());
    WebhookReceiver receiver = receiver(queue);
    QueueKeys keys = new QueueKeys(prefix);
    // The stream key holding a string makes XADD fail inside the offer script, after its
    // dedupe check and before its mark: the step a crash between mark and enqueue would hit.
    redis.del(keys.events());
    redis.set(keys.events(), "not a stream");

    WebhookResponse refused = deliver(receiver, PROGRESS.body());
    boolean markLeft = redis.exists(keys.seen("20250315083000555000111"));
    redis.del(keys.events());
    WebhookResponse redelivered = deliver(receiver, PROGRESS.body());
    List<QueuedEvent> queued = drain(queue);

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.headers()).containsEntry("Retry-After", "7");
    assertThat(markLeft).isFalse();
    assertThat(redelivered.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
    assertThat(queued).singleElement()
        .satisfies(e -> assertThat(e.event().eventId()).isEqualTo("20250315083000555000111"));
  }

  @Test
  void acceptedEventIsInRedisBeforeTheAnswerIsGiven() {
    RedisEventQueue queue = new RedisEventQueue(redis, config().build());
    WebhookReceiver receiver = receiver(queue);
    QueueKeys keys = new QueueKeys(prefix);

    WebhookResponse response = deliver(receiver, PROGRESS.body());

    assertThat(response.status()).isEqualTo(202);
    assertThat(redis.xlen(keys.events())).isEqualTo(1);
    assertThat(redis.exists(keys.seen("20250315083000555000111"))).isTrue();
  }

  private static JedisClientConfig quick() {
    return DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(300).socketTimeoutMillis(1000).build();
  }

  private static int unusedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free local port", e);
    }
  }

  private void sql(String statement) throws SQLException {
    if (postgres == null) {
      return;
    }
    try (Connection connection = postgres.getConnection();
        Statement s = connection.createStatement()) {
      s.execute(statement);
    }
  }
}
