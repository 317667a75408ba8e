package io.enrollmentsync;

/**
 * The queue or another store could not take or give an event right now: the server is down,
 * unreachable, out of memory, or the queue is full.
 *
 * <p>It is transient by nature. The webhook receiver answers it with 503 and {@code Retry-After},
 * so the sender retries; the worker backs off and tries again.
 *
 * @since 0.1.0
 */
public class SyncStoreUnavailableException extends SyncException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be done and why
   * @param cause the underlying error, or null
   */
  public SyncStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception without a cause.
   *
   * @param message what could not be done and why
   */
  public SyncStoreUnavailableException(String message) {
    super(message);
  }
}
