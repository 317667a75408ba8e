package io.enrollmentsync.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.enrollmentsync.testing.TestServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A connection pool to one test database, with an enrollment table and a cursor table whose
 * names are unique to one test class; {@link #close()} drops them.
 */
final class TestDatabase implements AutoCloseable {
  final SqlDialect dialect;
  final HikariDataSource dataSource;
  final String table;
  final String cursorTable;

  private TestDatabase(SqlDialect dialect, String url, String user, String password) {
    this.dialect = dialect;
    String prefix = TestServices.uniquePrefix();
    this.table = prefix + "_enrollment";
    this.cursorTable = prefix + "_cursor";
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(10);
    config.setPoolName("test-" + prefix);
    this.dataSource = new HikariDataSource(config);
    JdbcSchema.create(dataSource, dialect, table, cursorTable);
  }

  static TestDatabase h2() {
    return new TestDatabase(SqlDialect.H2,
        "jdbc:h2:mem:" + TestServices.uniquePrefix() + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  static TestDatabase postgres() {
    TestServices.Database db = TestServices.postgres();
    return new TestDatabase(SqlDialect.POSTGRESQL, db.url(), db.user(), db.password());
  }

  static TestDatabase mariadb() {
    TestServices.Database db = TestServices.mariadb();
    return new TestDatabase(SqlDialect.MYSQL, db.url(), db.user(), db.password());
  }

  JdbcEnrollmentRepository repository() {
    return JdbcEnrollmentRepository.builder(dataSource).dialect(dialect).tableName(table).build();
  }

  JdbcCursorStore cursorStore() {
    return JdbcCursorStore.builder(dataSource).dialect(dialect).tableName(cursorTable).build();
  }

  /** Runs one SQL statement, for tests that look at or break the table directly. */
  void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      execute("DROP TABLE IF EXISTS " + table);
      execute("DROP TABLE IF EXISTS " + cursorTable);
    } finally {
      dataSource.close();
    }
  }
}
