package io.enrollmentsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.spi.CursorStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CursorStore} must do; a test class per implementation extends it and supplies
 * the store.
 */
public abstract class CursorStoreContract {

  /**
   * Returns the store under test, empty, and unique to the running test.
   *
   * @return the store
   */
  protected abstract CursorStore store();

  @Test
  void cursorNeverSavedLoadsEmpty() {
    assertThat(store().load("enrollments")).isEmpty();
  }

  @Test
  void savedCursorLoadsBackToTheMillisecond() {
    CursorStore store = store();
    Instant position = Instant.parse("2025-03-19T12:05:00.123Z");

    store.save("enrollments", position);

    assertThat(store.load("enrollments")).contains(position);
  }

  @Test
  void saveReplacesTheOldPositionEvenWhenItIsEarlier() {
    CursorStore store = store();
    store.save("enrollments", Instant.parse("2025-03-19T12:05:00Z"));

    store.save("enrollments", Instant.parse("2025-03-01T00:00:00Z"));

    assertThat(store.load("enrollments")).contains(Instant.parse("2025-03-01T00:00:00Z"));
  }

  @Test
  void cursorsOfDifferentNamesAreIndependent() {
    CursorStore store = store();

    store.save("site-a", Instant.parse("2025-03-19T12:05:00Z"));

    assertThat(store.load("site-b")).isEmpty();
  }
}
