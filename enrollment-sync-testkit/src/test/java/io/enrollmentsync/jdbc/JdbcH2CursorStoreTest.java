package io.enrollmentsync.jdbc;

import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.testkit.CursorStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the cursor store contract on H2. */
class JdbcH2CursorStoreTest extends CursorStoreContract {
  private static TestDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = TestDatabase.h2();
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
