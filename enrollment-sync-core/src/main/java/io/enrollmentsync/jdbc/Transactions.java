package io.enrollmentsync.jdbc;

import io.enrollmentsync.SyncException;
import io.enrollmentsync.SyncStoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a unit of work in its own transaction and runs it again, from the start, when the
 * database rolled it back because of a conflict with another writer.
 */
final class Transactions {
  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

  /** Enough for deadlocks between batches; a conflict that outlasts it goes to the worker. */
  static final int MAX_ATTEMPTS = 5;

  /** One unit of work on an open connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final SqlDialect dialect;

  Transactions(DataSource dataSource, SqlDialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /**
   * Runs the work in a transaction, committed when it returns and rolled back when it throws.
   *
   * @param what what the work does, for messages, such as "apply 3 events to table x"; no
   *     personal data
   * @param work the work; it may run several times, so it must not keep state between runs
   * @return what the work returned
   */
  <T> T inTransaction(Supplier<String> what, Work<T> work) {
    return run(what, work, true);
  }

  /**
   * Runs work that is a single statement, atomic by itself, without opening a transaction when
   * the connection commits each statement anyway; it saves the round trips of one.
   */
  <T> T singleStatement(Supplier<String> what, Work<T> work) {
    return run(what, work, false);
  }

  private <T> T run(Supplier<String> what, Work<T> work, boolean transaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        return runOnce(work, transaction);
      } catch (SQLException e) {
        if (attempt < MAX_ATTEMPTS && isConflict(e)) {
          LOG.debug("Running again: {} (SQLState {}, attempt {} of {})",
              what.get(), e.getSQLState(), attempt, MAX_ATTEMPTS);
          continue;
        }
        throw translate(what.get(), attempt, e);
      }
    }
  }

  private <T> T runOnce(Work<T> work, boolean transaction) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      if (autoCommit && !transaction) {
        return work.run(connection);
      }
      if (autoCommit) {
        connection.setAutoCommit(false);
      }
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        if (autoCommit) {
          connection.setAutoCommit(true);
        }
      }
    }
  }

  private static void rollbackQuietly(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Returns whether the database undid the work because of another writer, so that the same
   * work can simply run again: a deadlock or serialization failure (class 40), a lock timeout,
   * or, on H2 only, a key inserted by another writer between H2's MERGE looking for the row and
   * inserting it (H2's MERGE is not an atomic upsert, unlike the other dialects' statements).
   */
  private boolean isConflict(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return false;
    }
    if (state.startsWith("40")) {
      return true;
    }
    return dialect == SqlDialect.H2 && (state.equals("23505") || state.equals("HYT00"));
  }

  private static SyncException translate(String what, int attempts, SQLException e) {
    String state = e.getSQLState();
    String message = "Could not " + what + ": the database failed with SQLState " + state
        + " (error " + e.getErrorCode() + ") after " + attempts + " attempt(s)";
    boolean transientFailure = e instanceof SQLTransientException
        || e instanceof SQLRecoverableException
        || (state != null && (state.startsWith("08") || state.startsWith("40")));
    if (transientFailure) {
      return new SyncStoreUnavailableException(message + "; the database is unreachable or busy,"
          + " and the work can be retried", e);
    }
    return new SyncException(message + "; see the cause, and check that the schema matches the"
        + " migration files in db/enrollment-sync", e);
  }
}
