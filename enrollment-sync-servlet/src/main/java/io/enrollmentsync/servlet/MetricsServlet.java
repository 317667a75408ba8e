package io.enrollmentsync.servlet;

import io.enrollmentsync.EnrollmentSync;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/enrollments/metrics}: health, queue sizes and every metric as JSON, or as
 * Prometheus text with {@code ?format=prometheus}.
 */
final class MetricsServlet extends AdminServlet {
  private static final long serialVersionUID = 1L;

  private final transient EnrollmentSync sync;

  MetricsServlet(EnrollmentSync sync, AdminOptions options) {
    super(options, sync.metrics());
    this.sync = sync;
  }

  @Override
  void handle(String method, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"GET".equals(method)) {
      methodNotAllowed(resp, "GET");
      return;
    }
    String format = req.getParameter("format");
    if (format == null || format.equals("json")) {
      Json.write(resp, 200, AdminJson.metrics(sync));
    } else if (format.equals("prometheus")) {
      byte[] body = PrometheusText.write(sync).getBytes(StandardCharsets.UTF_8);
      resp.setStatus(200);
      resp.setContentType(PrometheusText.CONTENT_TYPE);
      resp.setHeader("Cache-Control", "no-store");
      resp.setContentLength(body.length);
      resp.getOutputStream().write(body);
    } else {
      Json.error(resp, 400, "bad_format", "format must be json or prometheus");
    }
  }
}
