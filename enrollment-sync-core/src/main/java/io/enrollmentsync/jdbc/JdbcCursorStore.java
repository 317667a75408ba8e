package io.enrollmentsync.jdbc;

import io.enrollmentsync.spi.CursorStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link CursorStore} in one table of a relational database: one row per cursor name, replaced
 * by an upsert.
 *
 * <p>The table is the one the migration files under {@link SqlDialect#migrationLocation()}
 * create, or {@link JdbcSchema#create} for embedded setups. Positions are stored to the
 * millisecond; finer digits are dropped.
 *
 * @since 0.1.0
 */
public final class JdbcCursorStore implements CursorStore {
  /** The longest cursor name the table holds. */
  private static final int MAX_NAME_LENGTH = 200;

  private final String tableName;
  private final SqlDialect dialect;
  private final Clock clock;
  private final Timestamps timestamps;
  private final Transactions transactions;

  private JdbcCursorStore(Builder builder, SqlDialect dialect) {
    this.tableName = builder.tableName;
    this.dialect = dialect;
    this.clock = builder.clock;
    this.timestamps = new Timestamps(dialect);
    this.transactions = new Transactions(builder.dataSource, dialect);
  }

  /**
   * Returns a cursor store on the default table, {@code enrollment_sync_cursor}, with the dialect
   * detected from the database.
   *
   * @param dataSource where to connect
   * @return the store
   * @since 0.1.0
   */
  public static JdbcCursorStore of(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * Starts configuring a cursor store.
   *
   * @param dataSource where to connect
   * @return a builder
   * @since 0.1.0
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public Optional<Instant> load(String name) {
    requireName(name);
    String sql = "SELECT position FROM " + tableName + " WHERE name = ?";
    return transactions.singleStatement(
        () -> "load cursor '" + name + "' from table " + tableName,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
              return rs.next()
                  ? Optional.of(timestamps.get(rs, "position"))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public void save(String name, Instant position) {
    requireName(name);
    Objects.requireNonNull(position, "position == null");
    String sql = upsertSql();
    Instant now = clock.instant();
    transactions.singleStatement(
        () -> "save cursor '" + name + "' to table " + tableName,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            timestamps.set(statement, 2, position);
            timestamps.set(statement, 3, now);
            return statement.executeUpdate();
          }
        });
  }

  private String upsertSql() {
    return switch (dialect) {
      case POSTGRESQL -> "INSERT INTO " + tableName + " (name, position, updated_at)"
          + " VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE"
          + " SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at";
      case MYSQL -> "INSERT INTO " + tableName + " (name, position, updated_at)"
          + " VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE"
          + " position = VALUES(position), updated_at = VALUES(updated_at)";
      case H2 -> "MERGE INTO " + tableName + " (name, position, updated_at) KEY (name)"
          + " VALUES (?, ?, ?)";
    };
  }

  private static void requireName(String name) {
    Objects.requireNonNull(name, "name == null");
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("A cursor name must hold 1 to " + MAX_NAME_LENGTH
          + " characters and not be blank, but had " + name.length());
    }
  }

  @Override
  public String toString() {
    return "JdbcCursorStore[table=" + tableName + ", dialect=" + dialect + "]";
  }

  /**
   * Configures a {@link JdbcCursorStore}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final DataSource dataSource;
    private SqlDialect dialect;
    private String tableName = TableNames.CURSOR_DEFAULT;
    private Clock clock = Clock.systemUTC();

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /**
     * Sets the dialect; by default it is detected from the database when {@link #build} runs.
     *
     * @param dialect the dialect
     * @return this builder
     * @since 0.1.0
     */
    public Builder dialect(SqlDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect == null");
      return this;
    }

    /**
     * Sets the table; the default is {@code enrollment_sync_cursor}.
     *
     * @param tableName an unquoted SQL identifier, optionally qualified by a schema
     * @return this builder
     * @throws IllegalArgumentException when the name is not a plain identifier
     * @since 0.1.0
     */
    public Builder tableName(String tableName) {
      this.tableName = TableNames.require("tableName", tableName);
      return this;
    }

    /**
     * Sets the clock that stamps {@code updated_at}; the default is the UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     * @since 0.1.0
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Builds the store; detects the dialect first when none was set, which opens one connection.
     *
     * @return the store
     * @since 0.1.0
     */
    public JdbcCursorStore build() {
      SqlDialect resolved = dialect != null ? dialect : SqlDialect.detect(dataSource);
      return new JdbcCursorStore(this, resolved);
    }
  }
}
