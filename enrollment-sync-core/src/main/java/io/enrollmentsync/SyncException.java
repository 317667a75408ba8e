package io.enrollmentsync;

/**
 * Root of every exception that enrollment-sync throws on purpose.
 *
 * <p>It is unchecked: most callers cannot recover from a sync failure at the call site, and the
 * subclasses name the cases they can act on (bad input, an unavailable store, a bad
 * configuration, an API error).
 *
 * @since 0.1.0
 */
public class SyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what went wrong and what to do next.
   *
   * @param message the message
   */
  public SyncException(String message) {
    super(message);
  }

  /**
   * Creates an exception that keeps its cause.
   *
   * @param message the message
   * @param cause the cause
   */
  public SyncException(String message, Throwable cause) {
    super(message, cause);
  }
}
