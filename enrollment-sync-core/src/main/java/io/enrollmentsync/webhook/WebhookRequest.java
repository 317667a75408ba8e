package io.enrollmentsync.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One incoming delivery as an adapter sees it: headers and an unread body stream.
 *
 * <p>The receiver reads the body itself, so it can stop at the size limit.
 *
 * @since 0.1.0
 */
public interface WebhookRequest {

  /**
   * Returns every value of a header, matched case-insensitively.
   *
   * @param name the header name
   * @return the values in the order received; empty when absent
   */
  List<String> headers(String name);

  /**
   * Returns the declared body length.
   *
   * @return the {@code Content-Length}, or -1 when unknown (chunked)
   */
  long contentLength();

  /**
   * Opens the body.
   *
   * @return the raw body stream
   * @throws IOException when it cannot be opened
   */
  InputStream body() throws IOException;

  /**
   * Creates a request from bytes already in memory, for tests and tools.
   *
   * @param headers a lookup of header values by name (case-insensitive matching is the caller's)
   * @param body the body
   * @return the request
   */
  static WebhookRequest of(java.util.function.Function<String, List<String>> headers, byte[] body) {
    return new WebhookRequest() {
      @Override
      public List<String> headers(String name) {
        List<String> values = headers.apply(name);
        return values == null ? List.of() : values;
      }

      @Override
      public long contentLength() {
        return body.length;
      }

      @Override
      public InputStream body() {
        return new java.io.ByteArrayInputStream(body);
      }
    };
  }
}
