package io.enrollmentsync.servlet;

import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.health.HealthReport;
import io.enrollmentsync.health.HealthStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /api/enrollments/health}: the health report; 503 when it is DOWN, else 200. */
final class HealthServlet extends AdminServlet {
  private static final long serialVersionUID = 1L;

  private final transient EnrollmentSync sync;

  HealthServlet(EnrollmentSync sync, AdminOptions options) {
    super(options, sync.metrics());
    this.sync = sync;
  }

  @Override
  void handle(String method, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"GET".equals(method)) {
      methodNotAllowed(resp, "GET");
      return;
    }
    HealthReport report = sync.health().check();
    int status = report.status() == HealthStatus.DOWN ? 503 : 200;
    Json.write(resp, status, AdminJson.health(report));
  }
}
