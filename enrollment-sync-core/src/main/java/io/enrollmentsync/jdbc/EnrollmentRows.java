package io.enrollmentsync.jdbc;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import io.enrollmentsync.spi.StoredEnrollment;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Maps enrollments to and from the columns of the enrollment table, in one fixed order.
 *
 * <p>Timestamps are stored to the millisecond, the precision Thinkific sends; finer digits are
 * dropped before the write, so that the database compares the versions it stores.
 */
final class EnrollmentRows {

  /** One column: its name, and the type H2 needs to type a placeholder in a VALUES list. */
  record Column(String name, String h2Type) {}

  private static final String H2_TIMESTAMP = "TIMESTAMP(3) WITH TIME ZONE";

  /** Every column, in the order {@link #bind} sets them; {@code last_change} is a literal. */
  static final List<Column> COLUMNS = List.of(
      new Column("enrollment_id", "BIGINT"),
      new Column("user_id", "BIGINT"),
      new Column("user_email", "VARCHAR"),
      new Column("user_name", "VARCHAR"),
      new Column("course_id", "BIGINT"),
      new Column("course_name", "VARCHAR"),
      new Column("percentage_completed", "DOUBLE PRECISION"),
      new Column("completed", "BOOLEAN"),
      new Column("expired", "BOOLEAN"),
      new Column("free_trial", "BOOLEAN"),
      new Column("activated_at", H2_TIMESTAMP),
      new Column("started_at", H2_TIMESTAMP),
      new Column("completed_at", H2_TIMESTAMP),
      new Column("expiry_date", H2_TIMESTAMP),
      new Column("created_at", H2_TIMESTAMP),
      new Column("updated_at", H2_TIMESTAMP),
      new Column("credential_id", "VARCHAR"),
      new Column("certificate_url", "VARCHAR"),
      new Column("certificate_expiry_date", "DATE"),
      new Column("event_occurred_at", H2_TIMESTAMP),
      new Column("last_event_id", "VARCHAR"),
      new Column("applied_at", H2_TIMESTAMP),
      new Column("last_change", "VARCHAR"),
      new Column("apply_token", "BIGINT"));

  /** The columns that take the incoming value exactly when the incoming version is newer. */
  static final List<String> VERSIONED = List.of(
      "user_id", "user_email", "user_name", "course_id", "course_name", "free_trial",
      "activated_at", "started_at", "expiry_date", "created_at", "updated_at",
      "event_occurred_at", "last_event_id");

  /**
   * The columns only one source sends, where a null means "not sent": the newer value when it is
   * not null, else the stored one; a null stored value is filled from any version.
   */
  static final List<String> ONE_SOURCE = List.of(
      "expired", "credential_id", "certificate_url", "certificate_expiry_date");

  /** The columns {@link #read} reads. */
  static final String SELECT_LIST = COLUMNS.stream()
      .map(Column::name)
      .filter(name -> !List.of("applied_at", "last_change", "apply_token").contains(name))
      .collect(Collectors.joining(", "));

  /** The value of {@code last_change} for a row that did not exist. */
  static final String INSERTED = "INSERTED";

  private final Timestamps timestamps;

  EnrollmentRows(SqlDialect dialect) {
    this.timestamps = new Timestamps(dialect);
  }

  /**
   * Sets the parameters of one row, every column but {@code last_change}, from {@code index}.
   *
   * @return the index of the next parameter
   */
  int bind(PreparedStatement statement, int index, EnrollmentEvent event, Instant appliedAt,
      long token) throws SQLException {
    EnrollmentSnapshot s = event.snapshot();
    int i = index;
    statement.setLong(i++, s.enrollmentId());
    setLong(statement, i++, s.userId());
    setString(statement, i++, s.userEmail());
    setString(statement, i++, s.userName());
    setLong(statement, i++, s.courseId());
    setString(statement, i++, s.courseName());
    // A completed enrollment is stored at 100% (ApplyRule), inserts included.
    statement.setDouble(i++, s.completed() ? 1.0 : s.percentageCompleted());
    statement.setBoolean(i++, s.completed());
    setBoolean(statement, i++, s.expired());
    setBoolean(statement, i++, s.freeTrial());
    timestamps.set(statement, i++, s.activatedAt());
    timestamps.set(statement, i++, s.startedAt());
    timestamps.set(statement, i++, s.completedAt());
    timestamps.set(statement, i++, s.expiryDate());
    timestamps.set(statement, i++, s.createdAt());
    timestamps.set(statement, i++, s.updatedAt());
    setString(statement, i++, s.credentialId());
    setString(statement, i++, s.certificateUrl());
    setDate(statement, i++, s.certificateExpiryDate());
    timestamps.set(statement, i++, event.occurredAt());
    statement.setString(i++, event.eventId());
    timestamps.set(statement, i++, appliedAt);
    statement.setLong(i++, token);
    return i;
  }

  /** Reads the row the result set is on, which selected {@link #SELECT_LIST}. */
  StoredEnrollment read(ResultSet rs) throws SQLException {
    EnrollmentSnapshot snapshot = new EnrollmentSnapshot(
        rs.getLong("enrollment_id"),
        getLong(rs, "user_id"),
        rs.getString("user_email"),
        rs.getString("user_name"),
        getLong(rs, "course_id"),
        rs.getString("course_name"),
        rs.getDouble("percentage_completed"),
        rs.getBoolean("completed"),
        getBoolean(rs, "expired"),
        getBoolean(rs, "free_trial"),
        timestamps.get(rs, "activated_at"),
        timestamps.get(rs, "started_at"),
        timestamps.get(rs, "completed_at"),
        timestamps.get(rs, "expiry_date"),
        timestamps.get(rs, "created_at"),
        timestamps.get(rs, "updated_at"),
        rs.getString("credential_id"),
        rs.getString("certificate_url"),
        rs.getObject("certificate_expiry_date", LocalDate.class));
    return new StoredEnrollment(
        snapshot, timestamps.get(rs, "event_occurred_at"), rs.getString("last_event_id"));
  }

  private static void setLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static void setString(PreparedStatement statement, int index, String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  private static void setBoolean(PreparedStatement statement, int index, Boolean value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BOOLEAN);
    } else {
      statement.setBoolean(index, value);
    }
  }

  private static void setDate(PreparedStatement statement, int index, LocalDate value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.DATE);
    } else {
      statement.setObject(index, value);
    }
  }

  private static Long getLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static Boolean getBoolean(ResultSet rs, String column) throws SQLException {
    boolean value = rs.getBoolean(column);
    return rs.wasNull() ? null : value;
  }
}
