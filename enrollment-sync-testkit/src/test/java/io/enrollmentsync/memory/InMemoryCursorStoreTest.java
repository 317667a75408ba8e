package io.enrollmentsync.memory;

import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.testkit.CursorStoreContract;

/** Runs the cursor store contract in memory. */
class InMemoryCursorStoreTest extends CursorStoreContract {

  @Override
  protected CursorStore createCursorStore() {
    return new InMemoryCursorStore();
  }
}
