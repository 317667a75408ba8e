package io.enrollmentsync.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.jdbc.JdbcEnrollmentRepository;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.testing.SampleDeliveries.Delivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example over real HTTP on embedded defaults (an in-memory H2 here instead of the file under
 * ./data), driven by the signed sample deliveries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "THINKIFIC_WEBHOOK_SECRET=" + SampleDeliveries.SECRET,
    "spring.datasource.url=jdbc:h2:mem:spring-boot-example;DB_CLOSE_DELAY=-1"})
class SpringBootExampleTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired EnrollmentRepository repository;

  @Test
  void theSampleDeliveriesEndInACompletedEnrollmentShownMaskedByTheDemoViewAndInPrometheus()
      throws Exception {
    List<Delivery> all = SampleDeliveries.all();

    for (Delivery d : all.subList(0, 6)) {
      assertThat(post(d).statusCode()).as(d.file()).isBetween(200, 299);
    }
    HttpResponse<String> truncated = post(all.get(6));

    assertThat(truncated.statusCode()).isEqualTo(400);
    assertThat(repository).isInstanceOf(JdbcEnrollmentRepository.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      HttpResponse<String> row = get("/enrollments/880101");
      return row.statusCode() == 200 && row.body().contains("\"completed\":true");
    });
    // A demo page anyone can reach: personal data and the certificate are masked, ids stay.
    assertThat(get("/enrollments/880101").body())
        .contains("\"completedAt\":\"2025-03-18T07:44:11.190Z\"")
        .contains("\"userEmail\":\"<hidden>\"", "\"userName\":\"<hidden>\"",
            "\"certificateUrl\":\"<hidden>\"")
        .doesNotContain("ada.lovelace@example.com", "Lovelace", "certificates.example.com")
        .contains("\"enrollmentId\":880101", "\"userId\":310001", "\"courseId\":5021",
            "\"credentialId\":\"c0ffee00-1111-4222-8333-444455556666\"");
    assertThat(get("/enrollments/1").statusCode()).isEqualTo(404);
    assertThat(get("/actuator/prometheus").body())
        .contains("enrollmentsync_webhook_outcome_accepted_total 5.0");
  }

  @Test
  void anonymousHealthShowsTheStatusWithoutDetails() throws Exception {
    HttpResponse<String> health = get("/actuator/health");

    assertThat(health.body()).contains("\"status\"")
        .doesNotContain("components", "enrollmentSync");
  }

  private HttpResponse<String> post(Delivery d) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri("/api/webhooks/enrollment"))
        .header("Content-Type", "application/json")
        .header("X-Thinkific-Hmac-Sha256", d.signature())
        .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
