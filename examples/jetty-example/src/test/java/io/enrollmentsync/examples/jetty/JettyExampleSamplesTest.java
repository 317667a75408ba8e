package io.enrollmentsync.examples.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.testing.SampleDeliveries.Delivery;
import io.enrollmentsync.webhook.HmacVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example over real HTTP, driven by the signed sample deliveries. */
class JettyExampleSamplesTest {
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dataDir;
  private JettyExample example;

  @BeforeEach
  void start() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("THINKIFIC_WEBHOOK_SECRET", SampleDeliveries.SECRET);
    env.put("DATA_DIR", dataDir.toString());
    example = new JettyExample(ExampleSettings.from(env)).start();
  }

  @AfterEach
  void stop() throws Exception {
    example.close();
  }

  @Test
  void samplesOneToSixAre2xxSevenIs400AndTheEnrollmentEndsCompleted() throws Exception {
    List<Delivery> all = SampleDeliveries.all();

    for (Delivery d : all.subList(0, 6)) {
      assertThat(post(d.body(), d.signature()).statusCode()).as(d.file()).isBetween(200, 299);
    }
    HttpResponse<String> truncated = post(all.get(6).body(), all.get(6).signature());

    assertThat(truncated.statusCode()).isEqualTo(400);
    String row = awaitRow(880101, "\"completed\" : true");
    assertThat(row).doesNotContain("ada.lovelace").doesNotContain("Lovelace");
    assertThat(row).contains("\"percentageCompleted\" : 1.0")
        .contains("\"completedAt\" : \"2025-03-18T07:44:11.190Z\"");
  }

  @Test
  void progressEightySevenBeforeFiftyEndsInTheSameRow() throws Exception {
    for (String n : List.of("01", "02", "04", "03", "05")) {
      Delivery d = SampleDeliveries.number(n);
      post(d.body(), d.signature());
    }

    String row = awaitRow(880101, "\"completed\" : true");

    assertThat(row).contains("\"completedAt\" : \"2025-03-18T07:44:11.190Z\"")
        .contains("\"lastEventId\" : \"20250318074411220000444\"");
  }

  @Test
  void theDemoViewMasksPersonalDataAndTheCertificateButKeepsTheIds() throws Exception {
    for (String n : List.of("01", "05")) {
      Delivery d = SampleDeliveries.number(n);
      post(d.body(), d.signature());
    }

    String row = awaitRow(880101, "\"completed\" : true");

    assertThat(row).contains("\"userEmail\" : \"<hidden>\"")
        .contains("\"userName\" : \"<hidden>\"")
        .contains("\"certificateUrl\" : \"<hidden>\"")
        .doesNotContain("ada.lovelace@example.com", "Lovelace", "certificates.example.com")
        .contains("\"enrollmentId\" : 880101", "\"userId\" : 310001", "\"courseId\" : 5021",
            "\"credentialId\" : \"c0ffee00-1111-4222-8333-444455556666\"");
  }

  @Test
  void secondPostOfTheSameDeliveryIsADuplicate() throws Exception {
    Delivery d = SampleDeliveries.number("02");

    HttpResponse<String> first = post(d.body(), d.signature());
    HttpResponse<String> second = post(d.body(), d.signature());

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).contains("\"status\":\"duplicate\"");
  }

  @Test
  void wrongSignatureIs401AndStoresNothing() throws Exception {
    Delivery d = SampleDeliveries.number("01");

    HttpResponse<String> response = post(d.body(), HmacVerifier.sign("not-the-key", d.body()));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(example.sync().queue().stats().depth()).isZero();
    assertThat(get("/enrollments/880101").statusCode()).isEqualTo(404);
  }

  @Test
  void traceOnTheDemoViewIsRefusedInsteadOfEchoingHeaders() throws Exception {
    HttpResponse<String> trace = http.send(HttpRequest.newBuilder(uri("/enrollments/1"))
        .method("TRACE", HttpRequest.BodyPublishers.noBody())
        .header("Authorization", "Bearer secret-value-to-hide").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(trace.statusCode()).isEqualTo(405);
    assertThat(trace.body()).doesNotContain("secret-value-to-hide");
  }

  private String awaitRow(long id, String contains) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      HttpResponse<String> r = get("/enrollments/" + id);
      return r.statusCode() == 200 && r.body().contains(contains);
    });
    return get("/enrollments/" + id).body();
  }

  private HttpResponse<String> post(byte[] body, String signature) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri(JettyExample.WEBHOOK_PATH))
        .header("Content-Type", "application/json")
        .header("X-Thinkific-Hmac-Sha256", signature)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(uri(path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + example.port() + path);
  }
}
