package io.enrollmentsync.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Binds and reads instants in the timestamp columns of each dialect, to the millisecond.
 *
 * <p>PostgreSQL and H2 columns carry a time zone and take an {@link OffsetDateTime}. MySQL
 * columns are {@code DATETIME(3)} holding UTC and take a {@link LocalDateTime}, which no session
 * time zone converts.
 */
final class Timestamps {
  private final SqlDialect dialect;

  Timestamps(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /** Binds an instant, or null, dropping digits finer than a millisecond. */
  void set(PreparedStatement statement, int index, Instant value) throws SQLException {
    if (value == null) {
      statement.setNull(index, dialect == SqlDialect.MYSQL
          ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE);
      return;
    }
    Instant millis = value.truncatedTo(ChronoUnit.MILLIS);
    if (dialect == SqlDialect.MYSQL) {
      statement.setObject(index, LocalDateTime.ofInstant(millis, ZoneOffset.UTC));
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(millis, ZoneOffset.UTC));
    }
  }

  /** Reads an instant, or null. */
  Instant get(ResultSet rs, String column) throws SQLException {
    if (dialect == SqlDialect.MYSQL) {
      LocalDateTime value = rs.getObject(column, LocalDateTime.class);
      return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
