package io.enrollmentsync.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Arrays;
import redis.clients.jedis.Jedis;

/** What the harness reads from Redis and PostgreSQL, next to the app. */
final class Probes implements AutoCloseable {
  static final String TABLE = "enrollment_sync_enrollment";
  private static final String SCHEMA = "/db/enrollment-sync/postgresql/V1__enrollment_sync.sql";

  private final Jedis redis;
  private final String streamKey;
  private final int redisPort;
  private final Connection db;

  Probes(int redisPort, String keyPrefix, String jdbcUrl, String user, String password)
      throws SQLException {
    this.redisPort = redisPort;
    this.redis = new Jedis("127.0.0.1", redisPort);
    this.streamKey = "{" + keyPrefix + "}:events";
    this.db = DriverManager.getConnection(jdbcUrl, user, password);
    db.setAutoCommit(true);
  }

  // ---- Redis ---------------------------------------------------------------------------------

  /** Empties the private benchmark Redis; refuses the shared default port. */
  void flushRedis() {
    if (redisPort == 6379) {
      throw new IllegalStateException("refusing to FLUSHALL the Redis on 6379, which others use;"
          + " start a private redis-server on another port (run-all.sh does)");
    }
    redis.flushAll();
  }

  long usedMemory() {
    return infoField(redis.info("memory"), "used_memory");
  }

  long keys() {
    return redis.dbSize();
  }

  /** Entries in the stream: queued plus taken but not yet acknowledged. */
  long queueLength() {
    return redis.exists(streamKey) ? redis.xlen(streamKey) : 0;
  }

  /** Polls the stream length every 20 ms until it is 0; returns false on timeout. */
  boolean awaitDrained(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      if (queueLength() == 0) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private static long infoField(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return Long.parseLong(line.substring(name.length() + 1).trim());
      }
    }
    return -1;
  }

  // ---- PostgreSQL ----------------------------------------------------------------------------

  /** Creates the table when missing (the library's own migration file) and empties it. */
  void resetTable() throws SQLException, IOException {
    try (Statement s = db.createStatement()) {
      s.execute(schemaSql());
      s.execute("TRUNCATE " + TABLE);
    }
  }

  private static String schemaSql() throws IOException {
    try (InputStream in = Probes.class.getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException("the core jar has no " + SCHEMA + "; build with the JDBC"
            + " repository merged");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  long rowCount() throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT count(*) FROM " + TABLE)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Returns, sorted, the lag in ms from each row's event time to its {@code applied_at}, for the
   * rows whose event happened in the window.
   */
  long[] lagsMs(long fromEpochMs, long toEpochMs) throws SQLException {
    String sql = "SELECT (EXTRACT(EPOCH FROM (applied_at - event_occurred_at)) * 1000)::bigint"
        + " FROM " + TABLE + " WHERE event_occurred_at >= ? AND event_occurred_at < ?";
    long[] out = new long[1 << 16];
    int n = 0;
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setTimestamp(1, new Timestamp(fromEpochMs));
      ps.setTimestamp(2, new Timestamp(toEpochMs));
      ps.setFetchSize(10_000);
      db.setAutoCommit(false); // the driver streams with a fetch size only inside a transaction
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (n == out.length) {
            out = Arrays.copyOf(out, n * 2);
          }
          out[n++] = rs.getLong(1);
        }
      } finally {
        db.commit();
        db.setAutoCommit(true);
      }
    }
    long[] sorted = Arrays.copyOf(out, n);
    Arrays.sort(sorted);
    return sorted;
  }

  /**
   * Compares the final rows with the newest version sent per enrollment.
   *
   * @return the number of enrollments whose row is missing or not the newest version
   */
  long mismatches(EventStream stream) throws SQLException {
    long[] stored = new long[stream.keyspace() + 1];
    String[] storedId = new String[stream.keyspace() + 1];
    Arrays.fill(stored, Long.MIN_VALUE);
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT enrollment_id, updated_at, last_event_id FROM " + TABLE
            + " WHERE enrollment_id BETWEEN 1 AND " + stream.keyspace())) {
      while (rs.next()) {
        int id = (int) rs.getLong(1);
        stored[id] = rs.getTimestamp(2).getTime();
        storedId[id] = rs.getString(3);
      }
    }
    long bad = 0;
    for (int id = 1; id <= stream.keyspace(); id++) {
      long want = stream.newestVersion(id);
      if (want == Long.MIN_VALUE) {
        continue;
      }
      if (stored[id] != want || !stream.newestEventId(id).equals(storedId[id])) {
        bad++;
      }
    }
    return bad;
  }

  @Override
  public void close() throws SQLException {
    redis.close();
    db.close();
  }
}
