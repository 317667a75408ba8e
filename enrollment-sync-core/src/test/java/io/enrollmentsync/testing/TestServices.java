package io.enrollmentsync.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Finds the real Redis, PostgreSQL and MariaDB servers that integration tests talk to.
 *
 * <p>Each service is configured by environment variables whose defaults match the services this
 * project's machines run. When a variable is unset and nothing answers at the default address,
 * Testcontainers starts the service if Docker is available; otherwise the test fails with a
 * message that says how to start it. A test never skips silently.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>{@code ES_TEST_REDIS_HOST}, {@code ES_TEST_REDIS_PORT}</td><td>127.0.0.1, 6379</td></tr>
 *   <tr><td>{@code ES_TEST_POSTGRES_URL}, {@code ES_TEST_POSTGRES_USER},
 *       {@code ES_TEST_POSTGRES_PASSWORD}</td>
 *       <td>jdbc:postgresql://127.0.0.1:5432/test, postgres, empty</td></tr>
 *   <tr><td>{@code ES_TEST_MARIADB_URL}, {@code ES_TEST_MARIADB_USER},
 *       {@code ES_TEST_MARIADB_PASSWORD}</td>
 *       <td>jdbc:mariadb://127.0.0.1:3306/test, root, empty</td></tr>
 * </table>
 */
public final class TestServices {
  private static final Map<String, Object> STARTED = new ConcurrentHashMap<>();

  private TestServices() {}

  /** Where a service answers. */
  public record Endpoint(String host, int port) {}

  /** How to open JDBC connections to a database. */
  public record Database(String url, String user, String password) {
    /**
     * Opens a connection.
     *
     * @return a new connection
     * @throws SQLException when the database refuses
     */
    public Connection connect() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }
  }

  /**
   * Returns the Redis server for tests.
   *
   * @return its address
   */
  public static Endpoint redis() {
    String host = env("ES_TEST_REDIS_HOST", null);
    String port = env("ES_TEST_REDIS_PORT", null);
    if (host != null || port != null || reachable("127.0.0.1", 6379)) {
      Endpoint endpoint =
          new Endpoint(host == null ? "127.0.0.1" : host, port == null ? 6379 : Integer.parseInt(port));
      require(endpoint, "Redis",
          "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no");
      return endpoint;
    }
    GenericContainer<?> c = container("redis", () ->
        new GenericContainer<>("redis:7.2").withExposedPorts(6379),
        "Redis", "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no");
    return new Endpoint(c.getHost(), c.getMappedPort(6379));
  }

  /**
   * Returns the PostgreSQL database for tests.
   *
   * @return how to connect
   */
  public static Database postgres() {
    String url = env("ES_TEST_POSTGRES_URL", null);
    if (url != null || reachable("127.0.0.1", 5432)) {
      Database db = new Database(
          url == null ? "jdbc:postgresql://127.0.0.1:5432/test" : url,
          env("ES_TEST_POSTGRES_USER", "postgres"), env("ES_TEST_POSTGRES_PASSWORD", ""));
      requireDb(db, "PostgreSQL",
          "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
      return db;
    }
    GenericContainer<?> c = container("postgres", () ->
        new GenericContainer<>("postgres:16")
            .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust").withEnv("POSTGRES_DB", "test")
            .withExposedPorts(5432)
            .waitingFor(Wait.forLogMessage(".*ready to accept connections.*\\n", 2)),
        "PostgreSQL", "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
    return new Database(
        "jdbc:postgresql://" + c.getHost() + ":" + c.getMappedPort(5432) + "/test", "postgres", "");
  }

  /**
   * Returns the MariaDB database for tests.
   *
   * @return how to connect
   */
  public static Database mariadb() {
    String url = env("ES_TEST_MARIADB_URL", null);
    if (url != null || reachable("127.0.0.1", 3306)) {
      Database db = new Database(
          url == null ? "jdbc:mariadb://127.0.0.1:3306/test" : url,
          env("ES_TEST_MARIADB_USER", "root"), env("ES_TEST_MARIADB_PASSWORD", ""));
      requireDb(db, "MariaDB",
          "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");
      return db;
    }
    GenericContainer<?> c = container("mariadb", () ->
        new GenericContainer<>("mariadb:11")
            .withEnv("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1").withEnv("MARIADB_DATABASE", "test")
            .withExposedPorts(3306)
            .waitingFor(Wait.forListeningPort()),
        "MariaDB", "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");
    return new Database(
        "jdbc:mariadb://" + c.getHost() + ":" + c.getMappedPort(3306) + "/test", "root", "");
  }

  /**
   * Returns a prefix unique to one test, for Redis keys and table names, so tests can run in
   * parallel and clean up after themselves.
   *
   * @return a prefix such as {@code t3f9a1c2}
   */
  public static String uniquePrefix() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  private static GenericContainer<?> container(
      String key, java.util.function.Supplier<GenericContainer<?>> factory, String name, String hint) {
    Object existing = STARTED.get(key);
    if (existing != null) {
      return (GenericContainer<?>) existing;
    }
    synchronized (STARTED) {
      existing = STARTED.get(key);
      if (existing != null) {
        return (GenericContainer<?>) existing;
      }
      boolean docker;
      try {
        docker = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException e) {
        docker = false;
      }
      if (!docker) {
        throw new IllegalStateException(name + " is not running on its default address and Docker"
            + " is not available to start it. Start it with: " + hint
            + " (or point the ES_TEST_* variables at a running server)");
      }
      GenericContainer<?> container = factory.get();
      container.start();
      STARTED.put(key, container);
      return container;
    }
  }

  private static void require(Endpoint endpoint, String name, String hint) {
    if (!reachable(endpoint.host(), endpoint.port())) {
      throw new IllegalStateException(name + " does not answer at " + endpoint.host() + ":"
          + endpoint.port() + ". Start it with: " + hint);
    }
  }

  private static void requireDb(Database db, String name, String hint) {
    try (Connection ignored = db.connect()) {
      // connected: nothing more to check
    } catch (SQLException e) {
      throw new IllegalStateException(name + " refused a connection to " + db.url() + " as "
          + db.user() + " (" + e.getMessage() + "). Start it with: " + hint, e);
    }
  }

  private static boolean reachable(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
