package io.enrollmentsync.testing;

import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.memory.InMemoryEventQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An in-memory queue whose {@link #ping()} can be made to fail while everything else works, for
 * health tests. Thread-safe, unlike a Mockito spy stubbed while consumers call it.
 */
public final class FlakyQueue extends ForwardingEventQueue {
  private final AtomicReference<String> pingError = new AtomicReference<>();

  /** Creates a flaky queue over a fresh in-memory queue. */
  public FlakyQueue() {
    super(new InMemoryEventQueue());
  }

  /**
   * Makes every ping fail until {@link #pingWorks()}.
   *
   * @param message the message of the exception pings throw
   */
  public void pingFails(String message) {
    pingError.set(message);
  }

  /** Makes pings succeed again. */
  public void pingWorks() {
    pingError.set(null);
  }

  @Override
  public void ping() {
    String error = pingError.get();
    if (error != null) {
      throw new SyncStoreUnavailableException(error);
    }
    super.ping();
  }
}
