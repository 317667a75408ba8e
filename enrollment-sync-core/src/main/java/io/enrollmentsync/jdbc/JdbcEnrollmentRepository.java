package io.enrollmentsync.jdbc;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.ApplyRule;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * An {@link EnrollmentRepository} in one table of a relational database, over any {@link
 * DataSource}: PostgreSQL, MySQL or MariaDB, and H2.
 *
 * <p>Each write is one upsert statement with {@link ApplyRule} inside it, so the version check
 * runs against the row as the database locks it: several threads and several processes may apply
 * events for the same enrollment at once. The statement also marks the rows it changes, which is
 * how each event's {@link ApplyOutcome} is known without reading the row first.
 *
 * <p>{@link #applyAll} writes a batch with one statement per 500 enrollments. When a batch holds
 * several events for one enrollment, they are written in rounds (the first event of each
 * enrollment, then the second, ...), so every event meets the row its predecessors left, exactly
 * as if the events were applied one by one in list order. The whole batch is one transaction:
 * it is applied completely or not at all. Deadlocks and serialization failures are retried a few
 * times inside the call.
 *
 * <p>The table is the one the migration files under {@link SqlDialect#migrationLocation()}
 * create, or {@link JdbcSchema#create} for embedded setups. Timestamps are stored to the
 * millisecond, the precision Thinkific sends; finer digits are dropped.
 *
 * <p>The repository manages its own transactions on the connections it borrows: give it a data
 * source whose connections are not enlisted in an outer transaction.
 *
 * @since 0.1.0
 */
public final class JdbcEnrollmentRepository implements EnrollmentRepository {
  private final String tableName;
  private final SqlDialect dialect;
  private final Clock clock;
  private final EnrollmentRows rows;
  private final EnrollmentUpsert upsert;
  private final Transactions transactions;

  private JdbcEnrollmentRepository(Builder builder, SqlDialect dialect) {
    this.tableName = builder.tableName;
    this.dialect = dialect;
    this.clock = builder.clock;
    this.rows = new EnrollmentRows(dialect);
    this.upsert = new EnrollmentUpsert(dialect, tableName, rows);
    this.transactions = new Transactions(builder.dataSource, dialect);
  }

  /**
   * Returns a repository on the default table, {@code enrollment_sync_enrollment}, with the
   * dialect detected from the database.
   *
   * @param dataSource where to connect
   * @return the repository
   * @since 0.1.0
   */
  public static JdbcEnrollmentRepository of(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * Starts configuring a repository.
   *
   * @param dataSource where to connect
   * @return a builder
   * @since 0.1.0
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public ApplyOutcome apply(EnrollmentEvent event) {
    Objects.requireNonNull(event, "event == null");
    return applyAll(List.of(event)).get(0);
  }

  @Override
  public List<ApplyOutcome> applyAll(List<EnrollmentEvent> events) {
    Objects.requireNonNull(events, "events == null");
    if (events.isEmpty()) {
      return List.of();
    }
    for (EnrollmentEvent event : events) {
      Objects.requireNonNull(event, "events holds a null event");
    }
    List<List<Integer>> rounds = rounds(events);
    Instant appliedAt = clock.instant();
    Supplier<String> what = () -> "apply " + describe(events);
    Transactions.Work<ApplyOutcome[]> work =
        connection -> write(connection, events, rounds, appliedAt);
    // Without a transaction only a statement that is atomic by itself will do: one row, or any
    // PostgreSQL statement. H2 keeps the rows a failed multi-row MERGE wrote before failing, and
    // MySQL reads the outcomes back in a second statement that must hold the first one's locks.
    boolean atomicStatement = rounds.size() == 1
        && events.size() <= EnrollmentUpsert.MAX_ROWS
        && (dialect == SqlDialect.POSTGRESQL || (dialect == SqlDialect.H2 && events.size() == 1));
    ApplyOutcome[] outcomes = atomicStatement
        ? transactions.singleStatement(what, work)
        : transactions.inTransaction(what, work);
    return List.of(outcomes);
  }

  private ApplyOutcome[] write(Connection connection, List<EnrollmentEvent> events,
      List<List<Integer>> rounds, Instant appliedAt) throws SQLException {
    ApplyOutcome[] outcomes = new ApplyOutcome[events.size()];
    for (List<Integer> round : rounds) {
      for (int from = 0; from < round.size(); from += EnrollmentUpsert.MAX_ROWS) {
        List<Integer> chunk = round.subList(from, Math.min(round.size(),
            from + EnrollmentUpsert.MAX_ROWS));
        List<EnrollmentEvent> chunkEvents = chunk.stream().map(events::get).toList();
        Map<Long, String> changes =
            upsert.write(connection, chunkEvents, appliedAt, newToken());
        for (int index : chunk) {
          outcomes[index] = outcome(changes.get(events.get(index).enrollmentId()));
        }
      }
    }
    return outcomes;
  }

  /**
   * Splits the batch into rounds that hold each enrollment at most once: the first event of each
   * enrollment, then the second, and so on. Within a round the events are sorted by enrollment
   * id, so that concurrent batches lock rows in the same order and cannot deadlock each other.
   */
  private static List<List<Integer>> rounds(List<EnrollmentEvent> events) {
    Map<Long, Integer> seen = new HashMap<>();
    List<List<Integer>> rounds = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      int round = seen.merge(events.get(i).enrollmentId(), 1, Integer::sum) - 1;
      if (round == rounds.size()) {
        rounds.add(new ArrayList<>());
      }
      rounds.get(round).add(i);
    }
    Comparator<Integer> byEnrollment = Comparator.comparingLong(i -> events.get(i).enrollmentId());
    rounds.forEach(round -> round.sort(byEnrollment));
    return rounds;
  }

  private static ApplyOutcome outcome(String lastChange) {
    if (lastChange == null) {
      return ApplyOutcome.STALE;
    }
    return switch (lastChange) {
      case EnrollmentRows.INSERTED -> ApplyOutcome.INSERTED;
      case "UPDATED", "LATE_COMPLETION", "FILLED" -> ApplyOutcome.UPDATED;
      case "KEPT_COMPLETED" -> ApplyOutcome.KEPT_COMPLETED;
      default -> throw new IllegalStateException("The upsert reported the unknown change '"
          + lastChange + "'; the table's last_change column holds values this version does"
          + " not write");
    };
  }

  /** A nonzero random token; a stale row keeps an older token, equal to it by chance only. */
  private static long newToken() {
    long token;
    do {
      token = ThreadLocalRandom.current().nextLong();
    } while (token == 0);
    return token;
  }

  @Override
  public Optional<StoredEnrollment> find(long enrollmentId) {
    String sql = "SELECT " + EnrollmentRows.SELECT_LIST + " FROM " + tableName
        + " WHERE enrollment_id = ?";
    return transactions.singleStatement(
        () -> "read enrollment " + enrollmentId + " from table " + tableName,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, enrollmentId);
            try (ResultSet rs = statement.executeQuery()) {
              return rs.next() ? Optional.of(rows.read(rs)) : Optional.empty();
            }
          }
        });
  }

  /**
   * Returns the table this repository writes.
   *
   * @return the table name
   * @since 0.1.0
   */
  public String tableName() {
    return tableName;
  }

  /**
   * Returns the dialect this repository speaks.
   *
   * @return the dialect
   * @since 0.1.0
   */
  public SqlDialect dialect() {
    return dialect;
  }

  private String describe(List<EnrollmentEvent> events) {
    String ids = events.stream().limit(10)
        .map(e -> Long.toString(e.enrollmentId()))
        .collect(Collectors.joining(", "));
    String more = events.size() > 10 ? ", ..." : "";
    return events.size() + " event(s) (enrollment ids " + ids + more + ") to table " + tableName
        + " (" + dialect + ")";
  }

  @Override
  public String toString() {
    return "JdbcEnrollmentRepository[table=" + tableName + ", dialect=" + dialect + "]";
  }

  /**
   * Configures a {@link JdbcEnrollmentRepository}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final DataSource dataSource;
    private SqlDialect dialect;
    private String tableName = TableNames.ENROLLMENT_DEFAULT;
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
     * Sets the table; the default is {@code enrollment_sync_enrollment}.
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
     * Sets the clock that stamps {@code applied_at}; the default is the UTC system clock.
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
     * Builds the repository; detects the dialect first when none was set, which opens one
     * connection.
     *
     * @return the repository
     * @since 0.1.0
     */
    public JdbcEnrollmentRepository build() {
      SqlDialect resolved = dialect != null ? dialect : SqlDialect.detect(dataSource);
      return new JdbcEnrollmentRepository(this, resolved);
    }
  }
}
