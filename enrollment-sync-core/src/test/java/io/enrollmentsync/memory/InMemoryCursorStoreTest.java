package io.enrollmentsync.memory;

import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.testing.CursorStoreContract;
import org.junit.jupiter.api.BeforeEach;

class InMemoryCursorStoreTest extends CursorStoreContract {
  private CursorStore store;

  @BeforeEach
  void newStore() {
    store = new InMemoryCursorStore();
  }

  @Override
  protected CursorStore store() {
    return store;
  }
}
