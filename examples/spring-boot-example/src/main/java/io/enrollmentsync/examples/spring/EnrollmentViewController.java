package io.enrollmentsync.examples.spring;

import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The demo's read-only view: {@code GET /enrollments/{id}} answers the stored row as JSON. */
@RestController
class EnrollmentViewController {
  private final EnrollmentRepository repository;

  EnrollmentViewController(EnrollmentRepository repository) {
    this.repository = repository;
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

  private static Map<String, Object> body(StoredEnrollment row) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("enrollment", row.snapshot());
    body.put("lastEventId", row.lastEventId());
    body.put("eventOccurredAt", row.eventOccurredAt());
    return body;
  }
}
