package io.enrollmentsync.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The receiver's answer: status, a small JSON body with an error code, and extra headers.
 *
 * @param outcome what happened
 * @param status the HTTP status
 * @param body a small JSON document, such as {@code {"status":"accepted","eventId":"..."}}
 * @param headers extra headers, such as {@code Retry-After}
 * @param eventId the event id when it could be read, otherwise null
 * @since 0.1.0
 */
public record WebhookResponse(
    WebhookOutcome outcome, int status, String body, Map<String, String> headers, String eventId) {

  /** The content type of every body. */
  public static final String CONTENT_TYPE = "application/json";

  /** Validates the fields. */
  public WebhookResponse {
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(body, "body == null");
    headers = Map.copyOf(headers);
  }

  /**
   * Returns the body as UTF-8 bytes.
   *
   * @return the bytes to write
   */
  public byte[] bodyBytes() {
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
