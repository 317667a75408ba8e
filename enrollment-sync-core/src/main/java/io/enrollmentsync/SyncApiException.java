package io.enrollmentsync;

/**
 * The Thinkific Admin API refused a request, answered with something that cannot be used, or
 * could not be reached.
 *
 * <p>The message names the request path (never a credential) and the status. {@link
 * #isTransient()} tells whether trying again later may help: server errors, Cloudflare's 52x
 * answers, rate limits and network failures are transient; a bad request is not.
 *
 * @since 0.1.0
 */
public class SyncApiException extends SyncException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String requestPath;
  private final boolean transientFailure;

  /**
   * Creates the exception.
   *
   * @param message what went wrong and what to do next; must not contain a credential
   * @param statusCode the HTTP status, or 0 when no answer arrived
   * @param requestPath the method and path with its query, such as {@code GET /enrollments?page=2}
   * @param transientFailure whether trying again later may succeed
   * @param cause the underlying error, or null
   * @since 0.1.0
   */
  public SyncApiException(
      String message, int statusCode, String requestPath, boolean transientFailure,
      Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.requestPath = requestPath;
    this.transientFailure = transientFailure;
  }

  /**
   * Returns the HTTP status of the last answer.
   *
   * @return the status, or 0 when no answer arrived (connection refused, timeout)
   * @since 0.1.0
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Returns the request that failed, without the base URL and without credentials.
   *
   * @return the method and path with its query
   * @since 0.1.0
   */
  public String requestPath() {
    return requestPath;
  }

  /**
   * Returns whether trying again later may succeed.
   *
   * @return true for server errors, rate limits and network failures
   * @since 0.1.0
   */
  public boolean isTransient() {
    return transientFailure;
  }
}
