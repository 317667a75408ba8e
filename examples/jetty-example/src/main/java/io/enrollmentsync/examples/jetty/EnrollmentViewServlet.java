package io.enrollmentsync.examples.jetty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The demo's read-only view: {@code GET /enrollments/{id}} answers the stored row as JSON. */
final class EnrollmentViewServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private final transient EnrollmentRepository repository;

  EnrollmentViewServlet(EnrollmentRepository repository) {
    this.repository = repository;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo().replaceFirst("^/", "");
    long id;
    try {
      id = Long.parseLong(path);
    } catch (NumberFormatException e) {
      write(resp, 400, Map.of("error", "bad_id", "message",
          "use GET /enrollments/{id} with a numeric enrollment id"));
      return;
    }
    Optional<StoredEnrollment> row = repository.find(id);
    if (row.isEmpty()) {
      write(resp, 404, Map.of("error", "not_found", "message", "no enrollment " + id));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    // A demo page anyone can reach: personal data stays masked (a certificate PDF usually
    // carries the student's name, so its address is masked too).
    Map<String, Object> enrollment = JSON.convertValue(row.get().snapshot(), MAP);
    enrollment.computeIfPresent("userEmail", (k, v) -> "<hidden>");
    enrollment.computeIfPresent("userName", (k, v) -> "<hidden>");
    enrollment.computeIfPresent("certificateUrl", (k, v) -> "<hidden>");
    body.put("enrollment", enrollment);
    body.put("lastEventId", row.get().lastEventId());
    body.put("eventOccurredAt", row.get().eventOccurredAt());
    write(resp, 200, body);
  }

  /** TRACE would echo request headers, Authorization included. */
  @Override
  protected void doTrace(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setHeader("Allow", "GET");
    write(resp, 405, Map.of("error", "method_not_allowed", "message", "use GET"));
  }

  private static void write(HttpServletResponse resp, int status, Object body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.getOutputStream().write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
  }
}
