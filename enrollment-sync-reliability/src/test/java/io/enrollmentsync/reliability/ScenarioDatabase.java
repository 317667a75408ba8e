package io.enrollmentsync.reliability;

import com.zaxxer.hikari.HikariDataSource;
import io.enrollmentsync.EnrollmentSnapshot;
import io.enrollmentsync.jdbc.JdbcSchema;
import io.enrollmentsync.jdbc.SqlDialect;
import io.enrollmentsync.spi.StoredEnrollment;
import io.enrollmentsync.testing.TestServices;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scenario's own enrollment table in the shared PostgreSQL (or a database of its own),
 * created from the library's migration file, and a ledger of effective writes beside it: a
 * trigger adds one row per insert or update the repository makes. A guarded upsert that finds its
 * event stale updates nothing, so the ledger holds exactly the writes that had an effect,
 * including those of a process killed later, and none of a transaction rolled back. Everything
 * is dropped at the end.
 */
final class ScenarioDatabase implements AutoCloseable {
  private final TestServices.Database database;
  private final String ownDatabase;
  private final HikariDataSource dataSource;
  private final String table;
  private final String cursorTable;
  private final String effects;

  /** The scenario's own tables, {@code rel_<prefix>*}, in the shared test database. */
  ScenarioDatabase(String prefix) throws SQLException {
    this(TestServices.postgres(), null, "rel_" + prefix, "rel_" + prefix + "_cursor");
  }

  private ScenarioDatabase(TestServices.Database database, String ownDatabase, String table,
      String cursorTable) throws SQLException {
    this.database = database;
    this.ownDatabase = ownDatabase;
    this.table = table;
    this.cursorTable = cursorTable;
    this.effects = table + "_effects";
    this.dataSource = SyncNode.dataSource(database.url(), database.user(), "checker-" + table);
    JdbcSchema.create(dataSource, SqlDialect.POSTGRESQL, table, cursorTable);
    installLedger();
  }

  /**
   * A database of the scenario's own, {@code rel_<prefix>}, with the tables under their default
   * names: for an application (the example) that does not let its table names be chosen.
   */
  static ScenarioDatabase ownDatabase(String prefix) throws SQLException {
    TestServices.Database shared = TestServices.postgres();
    String name = "rel_" + prefix;
    try (Connection c = shared.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    String url = shared.url().substring(0, shared.url().lastIndexOf('/') + 1) + name;
    TestServices.Database own =
        new TestServices.Database(url, shared.user(), shared.password());
    return new ScenarioDatabase(own, name, "enrollment_sync_enrollment", "enrollment_sync_cursor");
  }

  String url() {
    return database.url();
  }

  String user() {
    return database.user();
  }

  String table() {
    return table;
  }

  String cursorTable() {
    return cursorTable;
  }

  private void installLedger() throws SQLException {
    execute("CREATE TABLE " + effects + " (seq BIGSERIAL PRIMARY KEY,"
        + " enrollment_id BIGINT NOT NULL, updated_at TIMESTAMPTZ(3) NOT NULL,"
        + " event_occurred_at TIMESTAMPTZ(3) NOT NULL, last_change VARCHAR(16) NOT NULL,"
        + " last_event_id VARCHAR(255) NOT NULL)");
    execute("CREATE FUNCTION " + effects + "_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " INSERT INTO " + effects + " (enrollment_id, updated_at, event_occurred_at,"
        + " last_change, last_event_id) VALUES (NEW.enrollment_id, NEW.updated_at,"
        + " NEW.event_occurred_at, NEW.last_change, NEW.last_event_id); RETURN NULL; END $$");
    execute("CREATE TRIGGER " + effects + "_trg AFTER INSERT OR UPDATE ON " + table
        + " FOR EACH ROW EXECUTE FUNCTION " + effects + "_fn()");
  }

  /** Effective writes so far. */
  long effectiveWrites() throws SQLException {
    return queryLong("SELECT count(*) FROM " + effects);
  }

  /**
   * Effective writes beyond the first of the same kind for the same version: an event version
   * (enrollment, updated_at, event time) written twice, an enrollment completed late twice, or a
   * one-source field filled twice. Each one is an event applied twice with effect.
   */
  long repeatedWrites() throws SQLException {
    return queryLong("SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM " + effects
        + " GROUP BY enrollment_id, updated_at, event_occurred_at,"
        + " CASE WHEN last_change IN ('LATE_COMPLETION', 'FILLED') THEN last_change"
        + " ELSE 'VERSION' END) v WHERE n > 1");
  }

  /**
   * Writes of a version whose updated_at was already stored by an earlier event: the same change
   * under another event id, fired later (the topic registered twice). The apply rule breaks ties
   * on event time, so these rewrite the row with the same content; they are counted, not failed.
   */
  long sameUpdatedAtRewrites() throws SQLException {
    return queryLong("SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM " + effects
        + " WHERE last_change NOT IN ('LATE_COMPLETION', 'FILLED') GROUP BY enrollment_id,"
        + " updated_at) v"
        + " WHERE n > 1");
  }

  /** Reads every stored enrollment. */
  Map<Long, StoredEnrollment> rows() throws SQLException {
    Map<Long, StoredEnrollment> rows = new TreeMap<>();
    String sql = "SELECT enrollment_id, user_id, user_email, user_name, course_id, course_name,"
        + " percentage_completed, completed, expired, free_trial, activated_at, started_at,"
        + " completed_at, expiry_date, created_at, updated_at, credential_id, certificate_url,"
        + " certificate_expiry_date, event_occurred_at, last_event_id FROM " + table;
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        Date certificateExpiry = rs.getDate(19);
        EnrollmentSnapshot snapshot = new EnrollmentSnapshot(
            rs.getLong(1), (Long) rs.getObject(2), rs.getString(3), rs.getString(4),
            (Long) rs.getObject(5), rs.getString(6), rs.getDouble(7), rs.getBoolean(8),
            (Boolean) rs.getObject(9), (Boolean) rs.getObject(10), instant(rs, 11),
            instant(rs, 12), instant(rs, 13), instant(rs, 14), instant(rs, 15), instant(rs, 16),
            rs.getString(17), rs.getString(18),
            certificateExpiry == null ? null : certificateExpiry.toLocalDate());
        rows.put(snapshot.enrollmentId(),
            new StoredEnrollment(snapshot, instant(rs, 20), rs.getString(21)));
      }
    }
    return rows;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** Runs a statement on the real database (never through a scenario's proxy). */
  void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private long queryLong(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    if (ownDatabase != null) {
      dataSource.close();
      try (Connection c = TestServices.postgres().connect(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + ownDatabase + " WITH (FORCE)");
      }
      return;
    }
    try {
      execute("DROP TABLE IF EXISTS " + table + ", " + cursorTable + ", " + effects);
      execute("DROP FUNCTION IF EXISTS " + effects + "_fn()");
    } finally {
      dataSource.close();
    }
  }
}
