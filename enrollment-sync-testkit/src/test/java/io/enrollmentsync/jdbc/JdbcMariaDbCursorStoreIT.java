package io.enrollmentsync.jdbc;

import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.testkit.CursorStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the cursor store contract on MariaDB. */
class JdbcMariaDbCursorStoreIT extends CursorStoreContract {
  private static TestDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = TestDatabase.mariadb();
  }

  @AfterAll
  static void dropTables() throws Exception {
    database.close();
  }

  @Override
  protected CursorStore createCursorStore() {
    return database.cursorStore();
  }
}
