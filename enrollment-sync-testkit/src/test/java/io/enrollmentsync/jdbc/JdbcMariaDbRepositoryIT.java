package io.enrollmentsync.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the repository contract, and the JDBC repository's own tests, on MariaDB. */
class JdbcMariaDbRepositoryIT extends JdbcRepositoryContract {
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
  TestDatabase database() {
    return database;
  }
}
