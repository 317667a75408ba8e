package io.enrollmentsync.servlet;

import io.enrollmentsync.webhook.WebhookReceiver;
import io.enrollmentsync.webhook.WebhookRequest;
import io.enrollmentsync.webhook.WebhookResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Receives Thinkific webhooks: hands the raw body stream and headers to the core's {@link
 * WebhookReceiver} and writes its answer. Only {@code POST} is allowed.
 *
 * <p>The body is never read through request parameters or a reader, so the signature is checked
 * over the exact bytes received.
 *
 * @since 0.1.0
 */
public final class WebhookServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient WebhookReceiver receiver;

  /**
   * Creates the servlet.
   *
   * @param receiver the receiver, usually {@code EnrollmentSync.receiver()}
   */
  public WebhookServlet(WebhookReceiver receiver) {
    this.receiver = Objects.requireNonNull(receiver, "receiver == null");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    WebhookResponse answer = receiver.receive(new ServletWebhookRequest(req));
    resp.setStatus(answer.status());
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      resp.setHeader(header.getKey(), header.getValue());
    }
    Json.write(resp, answer.status(), answer.bodyBytes());
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"POST".equals(req.getMethod())) {
      resp.setHeader("Allow", "POST");
      // "status" too, as in every answer of the receiver (docs/webhook.md).
      Json.error(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed",
          "method_not_allowed", "webhooks are delivered with POST");
      return;
    }
    doPost(req, resp);
  }

  /** The servlet request as the core sees it. */
  private record ServletWebhookRequest(HttpServletRequest req) implements WebhookRequest {
    @Override
    public List<String> headers(String name) {
      var values = req.getHeaders(name);
      return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public long contentLength() {
      return req.getContentLengthLong();
    }

    @Override
    public InputStream body() throws IOException {
      return req.getInputStream();
    }
  }
}
