package io.enrollmentsync.jdbc;

import io.enrollmentsync.EnrollmentEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The guarded upsert of each dialect: one statement writes up to {@link #MAX_ROWS} enrollments,
 * and the version check of {@link io.enrollmentsync.spi.ApplyRule} runs inside it, against the
 * row as it is when the database locks it.
 *
 * <p>Every row the statement changes gets the statement's random {@code apply_token} and a
 * {@code last_change} that says how it changed; rows it leaves alone keep theirs. PostgreSQL
 * returns the changed rows ({@code RETURNING}), H2 selects them from the statement ({@code FINAL
 * TABLE}), and on MySQL, which has neither, they are read back by token in the same transaction,
 * while the statement's row locks keep every other writer out.
 */
final class EnrollmentUpsert {
  /** Keeps a statement under the 65,535 parameters that PostgreSQL and MySQL accept. */
  static final int MAX_ROWS = 500;

  private static final String UPDATED_AT = "updated_at";
  private static final String OCCURRED_AT = "event_occurred_at";
  private static final String PERCENTAGE = "percentage_completed";
  private static final String COMPLETED = "completed";
  private static final String COMPLETED_AT = "completed_at";

  private final SqlDialect dialect;
  private final String table;
  private final EnrollmentRows rows;

  EnrollmentUpsert(SqlDialect dialect, String table, EnrollmentRows rows) {
    this.dialect = dialect;
    this.table = table;
    this.rows = rows;
  }

  /**
   * Writes one row per event, under the guard.
   *
   * @param events at most {@link #MAX_ROWS} events, for distinct enrollments, in the order to
   *     lock their rows
   * @return the {@code last_change} of each row this statement changed, by enrollment id; an
   *     enrollment that is absent was left alone
   */
  Map<Long, String> write(Connection connection, List<EnrollmentEvent> events,
      Instant appliedAt, long token) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql(events.size()))) {
      int index = 1;
      for (EnrollmentEvent event : events) {
        index = rows.bind(statement, index, event, appliedAt, token);
      }
      if (dialect == SqlDialect.MYSQL) {
        statement.executeUpdate();
        return readBack(connection, events, token);
      }
      try (ResultSet rs = statement.executeQuery()) {
        return changes(rs);
      }
    }
  }

  private Map<Long, String> readBack(Connection connection, List<EnrollmentEvent> events,
      long token) throws SQLException {
    String sql = "SELECT enrollment_id, last_change FROM " + table
        + " WHERE apply_token = ? AND enrollment_id IN ("
        + String.join(", ", Collections.nCopies(events.size(), "?")) + ")";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, token);
      for (int i = 0; i < events.size(); i++) {
        statement.setLong(i + 2, events.get(i).enrollmentId());
      }
      try (ResultSet rs = statement.executeQuery()) {
        return changes(rs);
      }
    }
  }

  private static Map<Long, String> changes(ResultSet rs) throws SQLException {
    Map<Long, String> changes = new HashMap<>();
    while (rs.next()) {
      changes.put(rs.getLong(1), rs.getString(2));
    }
    return changes;
  }

  String sql(int rowCount) {
    return switch (dialect) {
      case POSTGRESQL -> postgresql(rowCount);
      case MYSQL -> mysql(rowCount);
      case H2 -> h2(rowCount);
    };
  }

  private String postgresql(int rowCount) {
    Guard guard = new Guard(c -> "cur." + c, c -> "EXCLUDED." + c);
    return "INSERT INTO " + table + " AS cur (" + columnList() + ") VALUES "
        + valueRows(rowCount, "?")
        + " ON CONFLICT (enrollment_id) DO UPDATE SET " + guard.setList()
        + " WHERE " + guard.changes()
        + " RETURNING cur.enrollment_id, cur.last_change";
  }

  private String h2(int rowCount) {
    Guard guard = new Guard(c -> "cur." + c, c -> "inc." + c);
    String insertValues = EnrollmentRows.COLUMNS.stream()
        .map(c -> "inc." + c.name())
        .collect(Collectors.joining(", "));
    // Typed placeholders: H2 cannot infer the type of a bare parameter in a VALUES list.
    return "SELECT enrollment_id, last_change FROM FINAL TABLE (MERGE INTO " + table + " AS cur"
        + " USING (VALUES " + valueRows(rowCount, null) + ") AS inc(" + columnList() + ")"
        + " ON cur.enrollment_id = inc.enrollment_id"
        + " WHEN MATCHED AND (" + guard.changes() + ")"
        + " THEN UPDATE SET " + guard.setList()
        + " WHEN NOT MATCHED THEN INSERT (" + columnList() + ") VALUES (" + insertValues + "))";
  }

  /**
   * MySQL has no WHERE for ON DUPLICATE KEY UPDATE and assigns left to right, each assignment
   * seeing the columns already assigned. So {@code apply_token} is assigned first, from the
   * untouched row, and records whether this statement changes the row; {@code last_change} next,
   * and records whether the version was newer; every later assignment reads those two instead
   * of the version columns it may already have overwritten. {@code completed} is assigned after
   * the percentage and {@code completed_at}, which read the stored completion.
   */
  private String mysql(int rowCount) {
    String mine = "apply_token = VALUES(apply_token)";
    String newer = mine + " AND last_change NOT IN ('LATE_COMPLETION', 'FILLED')";
    Guard guard = new Guard(c -> c, c -> "VALUES(" + c + ")", "(" + newer + ")");
    StringBuilder set = new StringBuilder()
        .append("apply_token = IF(").append(guard.changes())
        .append(", VALUES(apply_token), apply_token)")
        .append(", last_change = IF(").append(mine).append(", ").append(guard.lastChange())
        .append(", last_change)");
    for (String column : EnrollmentRows.VERSIONED) {
      set.append(", ").append(column).append(" = IF(").append(newer).append(", VALUES(")
          .append(column).append("), ").append(column).append(")");
    }
    for (String column : EnrollmentRows.ONE_SOURCE) {
      set.append(", ").append(column).append(" = IF(").append(mine).append(", ")
          .append(guard.oneSource(column)).append(", ").append(column).append(")");
    }
    set.append(", ").append(PERCENTAGE).append(" = IF(").append(mine).append(", ")
        .append(guard.percentage()).append(", ").append(PERCENTAGE).append(")")
        .append(", ").append(COMPLETED_AT).append(" = IF(").append(mine).append(", ")
        .append(guard.completedAt()).append(", ").append(COMPLETED_AT).append(")")
        .append(", completed = completed OR (").append(mine).append(" AND VALUES(completed))")
        .append(", applied_at = IF(").append(mine).append(", VALUES(applied_at), applied_at)");
    return "INSERT INTO " + table + " (" + columnList() + ") VALUES " + valueRows(rowCount, "?")
        + " ON DUPLICATE KEY UPDATE " + set;
  }

  private static String columnList() {
    return EnrollmentRows.COLUMNS.stream()
        .map(EnrollmentRows.Column::name)
        .collect(Collectors.joining(", "));
  }

  /**
   * Returns the VALUES rows: a placeholder per column, and the literal {@code 'INSERTED'} as
   * {@code last_change}, which only an insert keeps.
   *
   * @param placeholder the placeholder, or null to cast each one to the column's H2 type
   */
  private static String valueRows(int rowCount, String placeholder) {
    String row = EnrollmentRows.COLUMNS.stream()
        .map(c -> {
          if (c.name().equals("last_change")) {
            return "'" + EnrollmentRows.INSERTED + "'";
          }
          return placeholder != null ? placeholder : "CAST(? AS " + c.h2Type() + ")";
        })
        .collect(Collectors.joining(", ", "(", ")"));
    return String.join(", ", Collections.nCopies(rowCount, row));
  }

  /**
   * {@link io.enrollmentsync.spi.ApplyRule} as SQL expressions over the stored row ({@code cur})
   * and the incoming one ({@code inc}). In PostgreSQL and H2 every expression of a SET list sees
   * the row as it was before the statement.
   *
   * <p>The versioned columns come from the greater version, {@code completed} is the OR of both,
   * and once completed the percentage is 1 and {@code completed_at} the earliest non-null one of
   * the completed sides. A row changes only under {@link #changes()}: a newer version, a late
   * completion, or an earlier completion time.
   */
  private static final class Guard {
    private final UnaryOperator<String> cur;
    private final UnaryOperator<String> inc;
    private final String newerFlag;

    Guard(UnaryOperator<String> cur, UnaryOperator<String> inc) {
      this(cur, inc, null);
    }

    /**
     * @param newerFlag what the value expressions read for "the incoming version is newer", or
     *     null for {@link #newer()}; MySQL passes a flag because its version columns may already
     *     be overwritten when those expressions run
     */
    Guard(UnaryOperator<String> cur, UnaryOperator<String> inc, String newerFlag) {
      this.cur = cur;
      this.inc = inc;
      this.newerFlag = newerFlag;
    }

    private String isNewer() {
      return newerFlag != null ? newerFlag : newer();
    }

    /** The incoming version is greater: updated_at, then the event's occurred_at. */
    String newer() {
      return "(" + inc.apply(UPDATED_AT) + " > " + cur.apply(UPDATED_AT)
          + " OR (" + inc.apply(UPDATED_AT) + " = " + cur.apply(UPDATED_AT)
          + " AND " + inc.apply(OCCURRED_AT) + " > " + cur.apply(OCCURRED_AT) + "))";
    }

    /** An incoming completion for a stored enrollment that is not completed. */
    String lateCompletion() {
      return "(" + inc.apply(COMPLETED) + " AND NOT " + cur.apply(COMPLETED) + ")";
    }

    /**
     * Both are completed and the incoming completion time is earlier than the stored one, or
     * the stored one has none; an incoming null never replaces a time.
     */
    String earlierCompletion() {
      String stored = cur.apply(COMPLETED_AT);
      String incoming = inc.apply(COMPLETED_AT);
      return "(" + inc.apply(COMPLETED) + " AND " + cur.apply(COMPLETED) + " AND " + incoming
          + " IS NOT NULL AND (" + stored + " IS NULL OR " + incoming + " < " + stored + "))";
    }

    /** A one-source column is null in the stored row and the incoming row brings a value. */
    String fills() {
      return EnrollmentRows.ONE_SOURCE.stream()
          .map(c -> "(" + cur.apply(c) + " IS NULL AND " + inc.apply(c) + " IS NOT NULL)")
          .collect(Collectors.joining(" OR ", "(", ")"));
    }

    /** Whether the statement changes the stored row: the guard of every write. */
    String changes() {
      return newer() + " OR " + lateCompletion() + " OR " + earlierCompletion() + " OR "
          + fills();
    }

    /** A one-source column: the newer value unless null, and a stored null filled from any. */
    String oneSource(String column) {
      return "CASE WHEN " + isNewer() + " THEN COALESCE(" + inc.apply(column) + ", "
          + cur.apply(column) + ") ELSE COALESCE(" + cur.apply(column) + ", " + inc.apply(column)
          + ") END";
    }

    /**
     * Not newer means the row changes for its completion or its one-source columns only: a late
     * completion or an earlier completion time is {@code LATE_COMPLETION}, a filled one-source
     * field alone {@code FILLED}; both are reported as updates.
     */
    String lastChange() {
      return "CASE WHEN NOT " + newer() + " THEN CASE WHEN " + lateCompletion() + " OR "
          + earlierCompletion() + " THEN 'LATE_COMPLETION' ELSE 'FILLED' END"
          + " WHEN " + cur.apply(COMPLETED) + " AND NOT " + inc.apply(COMPLETED)
          + " THEN 'KEPT_COMPLETED' ELSE 'UPDATED' END";
    }

    /**
     * Once completed, the earliest completion time of the completed sides, nulls never winning;
     * a late completion brings its own; while neither side is completed, the newer one's.
     */
    String completedAt() {
      String stored = cur.apply(COMPLETED_AT);
      String incoming = inc.apply(COMPLETED_AT);
      return "CASE WHEN NOT " + cur.apply(COMPLETED) + " AND NOT " + inc.apply(COMPLETED)
          + " THEN CASE WHEN " + isNewer() + " THEN " + incoming + " ELSE " + stored + " END"
          + " WHEN NOT " + cur.apply(COMPLETED) + " THEN " + incoming
          + " WHEN NOT " + inc.apply(COMPLETED) + " THEN " + stored
          + " WHEN " + stored + " IS NULL OR " + incoming + " < " + stored + " THEN " + incoming
          + " ELSE " + stored + " END";
    }

    /** Completion means 100%; before it, the newer version's percentage. */
    String percentage() {
      return "CASE WHEN " + cur.apply(COMPLETED) + " OR " + inc.apply(COMPLETED)
          + " THEN 1.0 WHEN " + isNewer() + " THEN " + inc.apply(PERCENTAGE) + " ELSE "
          + cur.apply(PERCENTAGE) + " END";
    }

    /** The SET list for PostgreSQL and H2, applied only where {@link #changes()} holds. */
    String setList() {
      StringBuilder set = new StringBuilder();
      for (String column : EnrollmentRows.VERSIONED) {
        set.append(column).append(" = CASE WHEN ").append(newer()).append(" THEN ")
            .append(inc.apply(column)).append(" ELSE ").append(cur.apply(column))
            .append(" END, ");
      }
      for (String column : EnrollmentRows.ONE_SOURCE) {
        set.append(column).append(" = ").append(oneSource(column)).append(", ");
      }
      return set
          .append(PERCENTAGE).append(" = ").append(percentage()).append(", ")
          .append(COMPLETED_AT).append(" = ").append(completedAt()).append(", ")
          .append(COMPLETED).append(" = ").append(cur.apply(COMPLETED)).append(" OR ")
          .append(inc.apply(COMPLETED)).append(", ")
          .append("applied_at = ").append(inc.apply("applied_at")).append(", ")
          .append("apply_token = ").append(inc.apply("apply_token")).append(", ")
          .append("last_change = ").append(lastChange())
          .toString();
    }
  }
}
