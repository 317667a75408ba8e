package io.enrollmentsync.examples.spring;

import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's read-only view: {@code GET /enrollments/{id}} answers the stored row as JSON, with
 * the personal data masked, as in the Jetty example.
 */
@RestController
class EnrollmentViewController {
  /** The snapshot fields that carry personal data (a certificate PDF carries the name). */
  static final List<String> MASKED = List.of("userEmail", "userName", "certificateUrl");

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final EnrollmentRepository repository;
  private final JsonMapper json;

  EnrollmentViewController(EnrollmentRepository repository, JsonMapper json) {
    this.repository = repository;
    this.json = json;
  }

  @GetMapping("/enrollments/{id}")
  ResponseEntity<Map<String, Object>> show(@PathVariable String id) {
    long enrollmentId;
    try {
      enrollmentId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      return ResponseEntity.badRequest().body(Map.of("error", "bad_id", "message",
          "use GET /enrollments/{id} with a numeric enrollment id"));
    }
    return repository.find(enrollmentId)
        .map(row -> ResponseEntity.ok(body(row)))
        .orElseGet(() -> ResponseEntity.status(404)
            .body(Map.of("error", "not_found", "message", "no enrollment " + enrollmentId)));
  }

  private Map<String, Object> body(StoredEnrollment row) {
    Map<String, Object> body = new LinkedHashMap<>();
    // A demo page anyone can reach: personal data stays masked.
    Map<String, Object> enrollment = json.convertValue(row.snapshot(), MAP);
    MASKED.forEach(field -> enrollment.computeIfPresent(field, (k, v) -> "<hidden>"));
    body.put("enrollment", enrollment);
    body.put("lastEventId", row.lastEventId());
    body.put("eventOccurredAt", row.eventOccurredAt());
    return body;
  }
}
