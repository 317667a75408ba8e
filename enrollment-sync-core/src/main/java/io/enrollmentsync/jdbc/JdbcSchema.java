package io.enrollmentsync.jdbc;

import io.enrollmentsync.SyncException;
import io.enrollmentsync.SyncStoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the enrollment and cursor tables when they do not exist, for embedded and demo setups.
 *
 * <p>It runs the same migration file that Flyway or Liquibase would run ({@code
 * V1__enrollment_sync.sql} under {@link SqlDialect#migrationLocation()}), with the table names
 * replaced. It does not migrate: an application that manages its schema should run the migration
 * files with its own tool instead, so that later versions of the schema reach it.
 *
 * @since 0.1.0
 */
public final class JdbcSchema {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSchema.class);

  /** The file name of the first schema version, the same for every dialect. */
  static final String V1 = "V1__enrollment_sync.sql";

  private JdbcSchema() {}

  /**
   * Creates the tables under their default names, {@code enrollment_sync_enrollment} and {@code
   * enrollment_sync_cursor}, with the dialect detected from the database.
   *
   * @param dataSource where to connect
   * @since 0.1.0
   */
  public static void create(DataSource dataSource) {
    create(dataSource, SqlDialect.detect(dataSource), TableNames.ENROLLMENT_DEFAULT);
  }

  /**
   * Creates the enrollment table under the given name, and the cursor table under its default
   * name.
   *
   * @param dataSource where to connect
   * @param dialect the database's dialect
   * @param tableName the enrollment table's name
   * @since 0.1.0
   */
  public static void create(DataSource dataSource, SqlDialect dialect, String tableName) {
    create(dataSource, dialect, tableName, TableNames.CURSOR_DEFAULT);
  }

  /**
   * Creates the enrollment and cursor tables under the given names.
   *
   * @param dataSource where to connect
   * @param dialect the database's dialect
   * @param tableName the enrollment table's name
   * @param cursorTableName the cursor table's name
   * @throws IllegalArgumentException when a name is not a plain SQL identifier
   * @since 0.1.0
   */
  public static void create(
      DataSource dataSource, SqlDialect dialect, String tableName, String cursorTableName) {
    Objects.requireNonNull(dataSource, "dataSource == null");
    Objects.requireNonNull(dialect, "dialect == null");
    TableNames.require("tableName", tableName);
    TableNames.require("cursorTableName", cursorTableName);
    List<String> statements = statements(dialect, tableName, cursorTableName);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    } catch (SQLException e) {
      String message = "Could not create tables " + tableName + " and " + cursorTableName
          + " (" + dialect + "): SQLState " + e.getSQLState();
      if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
        throw new SyncStoreUnavailableException(message + "; check the data source", e);
      }
      throw new SyncException(message + "; check that the user may create tables", e);
    }
    LOG.info("Tables {} and {} are in place ({})", tableName, cursorTableName, dialect);
  }

  /**
   * Returns the statements of the first migration file, with the table names replaced.
   *
   * @param dialect the dialect whose file to read
   * @param tableName the enrollment table's name
   * @param cursorTableName the cursor table's name
   * @return the statements, without comments or terminating semicolons
   */
  static List<String> statements(SqlDialect dialect, String tableName, String cursorTableName) {
    String script = read(dialect.migrationLocation() + "/" + V1);
    StringBuilder code = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    String renamed = rename(code.toString(), TableNames.ENROLLMENT_DEFAULT, tableName);
    renamed = rename(renamed, TableNames.CURSOR_DEFAULT, cursorTableName);
    List<String> statements = new ArrayList<>();
    for (String statement : renamed.split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }

  private static String rename(String sql, String from, String to) {
    return sql.replaceAll("\\b" + Pattern.quote(from) + "\\b", Matcher.quoteReplacement(to));
  }

  private static String read(String path) {
    try (InputStream in = JdbcSchema.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("The migration file " + path + " is missing from the"
            + " classpath; the enrollment-sync-core jar is incomplete, rebuild or reinstall it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the migration file " + path, e);
    }
  }
}
