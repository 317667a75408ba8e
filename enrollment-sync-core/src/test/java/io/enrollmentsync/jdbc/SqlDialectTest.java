package io.enrollmentsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrollmentsync.SyncConfigurationException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class SqlDialectTest {

  @Test
  void productNamesFromConnectionMetadataMapToTheirDialect() {
    assertThat(SqlDialect.fromProductName("PostgreSQL")).isEqualTo(SqlDialect.POSTGRESQL);
    assertThat(SqlDialect.fromProductName("MySQL")).isEqualTo(SqlDialect.MYSQL);
    assertThat(SqlDialect.fromProductName("MariaDB")).isEqualTo(SqlDialect.MYSQL);
    assertThat(SqlDialect.fromProductName("H2")).isEqualTo(SqlDialect.H2);
  }

  @Test
  void anUnsupportedProductIsRejectedWithItsNameAndWhatToDo() {
    assertThatThrownBy(() -> SqlDialect.fromProductName("Oracle"))
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("'Oracle'")
        .hasMessageContaining("implement EnrollmentRepository");
  }

  @Test
  void detectReadsTheProductFromTheDatabase() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:dialect-detection");

    assertThat(SqlDialect.detect(h2)).isEqualTo(SqlDialect.H2);
  }

  @Test
  void eachDialectNamesItsMigrationFolder() {
    assertThat(SqlDialect.POSTGRESQL.migrationLocation())
        .isEqualTo("db/enrollment-sync/postgresql");
    assertThat(SqlDialect.MYSQL.migrationLocation()).isEqualTo("db/enrollment-sync/mysql");
    assertThat(SqlDialect.H2.migrationLocation()).isEqualTo("db/enrollment-sync/h2");
  }
}
