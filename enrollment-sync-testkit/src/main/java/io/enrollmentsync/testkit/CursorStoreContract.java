package io.enrollmentsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.spi.CursorStore;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CursorStore} must meet, as JUnit 5 tests. Extend it in a test of
 * your own and return your implementation from {@link #createCursorStore()}.
 *
 * <p>Each test uses cursor names of its own, so the store may be shared and hold other cursors.
 * Positions have millisecond precision.
 *
 * @since 0.1.0
 */
public abstract class CursorStoreContract {
  private CursorStore store;
  private String prefix;

  /**
   * Creates the contract; subclasses give it the store through {@link #createCursorStore}.
   *
   * @since 0.1.0
   */
  protected CursorStoreContract() {}

  /**
   * Returns the cursor store under test. Called before each test, before the subclass's own
   * {@code @BeforeEach} methods.
   *
   * @return the store
   * @since 0.1.0
   */
  protected abstract CursorStore createCursorStore();

  /**
   * Creates the store under test and picks this test's cursor names.
   *
   * @since 0.1.0
   */
  @BeforeEach
  protected final void setUpCursorStore() {
    store = createCursorStore();
    assertThat(store).as("createCursorStore()").isNotNull();
    prefix = "contract-" + UUID.randomUUID() + "-";
  }

  @Test
  void loadingACursorThatWasNeverSavedReturnsEmpty() {
    assertThat(store.load(prefix + "poll")).isEmpty();
  }

  @Test
  void loadingASavedCursorReturnsItsPositionToTheMillisecond() {
    Instant position = Instant.parse("2025-03-19T12:05:00.123Z");

    store.save(prefix + "poll", position);

    assertThat(store.load(prefix + "poll")).contains(position);
  }

  @Test
  void savingACursorAgainReplacesItsPositionEvenWithAnEarlierOne() {
    store.save(prefix + "poll", Instant.parse("2025-03-19T12:05:00.123Z"));
    store.save(prefix + "poll", Instant.parse("2025-03-20T00:00:00.001Z"));

    store.save(prefix + "poll", Instant.parse("2025-03-18T23:59:59.999Z"));

    assertThat(store.load(prefix + "poll")).contains(Instant.parse("2025-03-18T23:59:59.999Z"));
  }

  @Test
  void cursorsWithDifferentNamesAreIndependent() {
    store.save(prefix + "site-a", Instant.parse("2025-03-19T12:05:00Z"));
    store.save(prefix + "site-b", Instant.parse("2024-01-01T00:00:00Z"));

    assertThat(store.load(prefix + "site-a")).contains(Instant.parse("2025-03-19T12:05:00Z"));
    assertThat(store.load(prefix + "site-b")).contains(Instant.parse("2024-01-01T00:00:00Z"));
  }
}
