package io.enrollmentsync;

/**
 * A setting is missing or has a value that cannot work; thrown at start-up, never at request time.
 *
 * <p>The message names the setting and says what value it expects.
 *
 * @since 0.1.0
 */
public class SyncConfigurationException extends SyncException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the setting, what is wrong with it and how to fix it
   */
  public SyncConfigurationException(String message) {
    super(message);
  }
}
