package io.enrollmentsync.jdbc;

import io.enrollmentsync.SyncConfigurationException;
import io.enrollmentsync.SyncStoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The SQL a JDBC implementation speaks: each dialect has its own guarded upsert and its own
 * migration files.
 *
 * @since 0.1.0
 */
public enum SqlDialect {
  /** PostgreSQL, with {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE}; tested on 15. */
  POSTGRESQL("postgresql"),
  /**
   * MySQL and MariaDB, with {@code INSERT ... ON DUPLICATE KEY UPDATE}; tested on MariaDB 10.11.
   */
  MYSQL("mysql"),
  /** H2 2.x, with {@code MERGE ... USING ... WHEN MATCHED AND}; for tests, demos and embedding. */
  H2("h2");

  private final String directory;

  SqlDialect(String directory) {
    this.directory = directory;
  }

  /**
   * Returns the classpath folder that holds this dialect's migration files, such as {@code
   * db/enrollment-sync/postgresql}; give it to Flyway as {@code classpath:} location.
   *
   * @return the folder, without a leading or trailing slash
   * @since 0.1.0
   */
  public String migrationLocation() {
    return "db/enrollment-sync/" + directory;
  }

  /**
   * Returns the dialect of the database behind a data source, from its connection metadata.
   *
   * @param dataSource where to connect
   * @return the dialect
   * @throws SyncConfigurationException when the database is none of the supported ones
   * @throws SyncStoreUnavailableException when no connection can be opened
   * @since 0.1.0
   */
  public static SqlDialect detect(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource == null");
    String product;
    try (Connection connection = dataSource.getConnection()) {
      product = connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new SyncStoreUnavailableException(
          "Could not open a connection to detect the SQL dialect (SQLState " + e.getSQLState()
              + "); check the data source, or set the dialect explicitly",
          e);
    }
    return fromProductName(product);
  }

  /**
   * Returns the dialect for a product name as {@link java.sql.DatabaseMetaData} reports it.
   *
   * @param productName such as {@code PostgreSQL}, {@code MySQL}, {@code MariaDB} or {@code H2}
   * @return the dialect
   * @throws SyncConfigurationException when the product is none of the supported ones
   * @since 0.1.0
   */
  public static SqlDialect fromProductName(String productName) {
    Objects.requireNonNull(productName, "productName == null");
    String name = productName.toLowerCase(Locale.ROOT);
    if (name.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (name.contains("mysql") || name.contains("mariadb")) {
      return MYSQL;
    }
    if (name.equals("h2")) {
      return H2;
    }
    throw new SyncConfigurationException("The database product '" + productName
        + "' has no SqlDialect; the JDBC implementations support PostgreSQL, MySQL, MariaDB and"
        + " H2. Use one of those, or implement EnrollmentRepository for your database and check"
        + " it with the enrollment-sync-testkit contract tests");
  }
}
