package io.enrollmentsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrollmentsync.testing.TestServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class JdbcSchemaTest {

  @Test
  void everyDialectsMigrationFileCreatesBothTablesUnderTheGivenNames() {
    for (SqlDialect dialect : SqlDialect.values()) {
      List<String> statements = JdbcSchema.statements(dialect, "app.enrollments", "app.cursors");

      assertThat(statements).as("%s", dialect).hasSize(2);
      assertThat(statements.get(0)).startsWith("CREATE TABLE IF NOT EXISTS app.enrollments (");
      assertThat(statements.get(1)).startsWith("CREATE TABLE IF NOT EXISTS app.cursors (");
      assertThat(String.join("\n", statements)).doesNotContain("enrollment_sync_", "--");
    }
  }

  @Test
  void theEnrollmentTableHasAColumnForEverySnapshotFieldAndTheBookkeeping() {
    for (SqlDialect dialect : SqlDialect.values()) {
      String ddl = JdbcSchema.statements(dialect, "e", "c").get(0);

      for (EnrollmentRows.Column column : EnrollmentRows.COLUMNS) {
        assertThat(ddl).as("%s has %s", dialect, column.name()).containsPattern(
            "\\n\\s*" + column.name() + "\\s");
      }
    }
  }

  @Test
  void createMakesTablesThatCanBeCreatedAgainWithoutLosingRows() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + TestServices.uniquePrefix() + ";DB_CLOSE_DELAY=-1");
    JdbcSchema.create(h2, SqlDialect.H2, "enrollments", "cursors");
    try (Connection connection = h2.getConnection()) {
      connection.createStatement().execute("INSERT INTO cursors VALUES ('poll', "
          + "TIMESTAMP WITH TIME ZONE '2025-03-19 12:05:00+00', CURRENT_TIMESTAMP)");
    }

    JdbcSchema.create(h2, SqlDialect.H2, "enrollments", "cursors");

    assertThat(tables(h2)).contains("ENROLLMENTS", "CURSORS");
    try (Connection connection = h2.getConnection();
        ResultSet rs = connection.createStatement().executeQuery("SELECT COUNT(*) FROM cursors")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void aTableNameThatIsNotAPlainIdentifierIsRejectedBeforeAnySql() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:never-opened");

    assertThatThrownBy(() -> JdbcSchema.create(h2, SqlDialect.H2, "x; DROP TABLE y", "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tableName must be an unquoted SQL identifier")
        .hasMessageContaining("\"x; DROP TABLE y\"");
    assertThatThrownBy(() -> JdbcEnrollmentRepository.builder(h2).tableName("a.b.c"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JdbcCursorStore.builder(h2).tableName("1st"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> tables(JdbcDataSource dataSource) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rs =
            connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME").toUpperCase(Locale.ROOT));
      }
    }
    return names;
  }
}
