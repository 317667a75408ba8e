package io.enrollmentsync;

/**
 * The Thinkific Admin API answered 401 or 403: the API key, subdomain or OAuth token is wrong, or
 * the site's plan has no API access.
 *
 * <p>Trying again does not help until an operator fixes the configuration or the plan, so the
 * client never retries it and the poller stops scheduling runs when it sees one.
 *
 * @since 0.1.0
 */
public class SyncAuthenticationException extends SyncApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused and what to check; must not contain a credential
   * @param statusCode 401 or 403
   * @param requestPath the method and path with its query
   * @since 0.1.0
   */
  public SyncAuthenticationException(String message, int statusCode, String requestPath) {
    super(message, statusCode, requestPath, false, null);
  }
}
