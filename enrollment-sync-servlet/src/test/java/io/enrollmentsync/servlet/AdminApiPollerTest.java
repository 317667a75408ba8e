package io.enrollmentsync.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.servlet.TestServer.Answer;
import io.enrollmentsync.testing.FakeThinkificApi;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.thinkific.ThinkificConfig;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.worker.WorkerConfig;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/enrollments/sync} on a system with a poller, against a fake Thinkific API. */
class AdminApiPollerTest {
  private static final String TOKEN = "test-admin-token-poller-91b3d";
  private static final String AUTH = "Bearer " + TOKEN;

  private final FakeThinkificApi api = FakeThinkificApi.start().putSamplePages();
  private EnrollmentSync sync;
  private TestServer server;

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      server.close();
    }
    if (sync != null) {
      sync.close();
    }
    api.close();
  }

  @Test
  void manualSyncRunsTheSystemsPollerAndAnswersItsSummary() throws Exception {
    start(FakeThinkificApi.API_KEY);

    Answer answer = server.call("POST", "/api/enrollments/sync", "Authorization", AUTH);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode summary = answer.json().path("summary");
    assertThat(answer.json().path("status").asText()).isEqualTo("completed");
    assertThat(summary.path("result").asText()).isEqualTo("SUCCESS");
    assertThat(summary.path("queued").asLong()).isPositive();
    await().atMost(Duration.ofSeconds(10)).until(() ->
        sync.repository().find(880102).isPresent() && sync.repository().find(880103).isPresent());
    JsonNode metrics = server.call("GET", "/api/enrollments/metrics", "Authorization", AUTH)
        .json();
    assertThat(metrics.path("counters").path("enrollmentsync.poll.runs.success").asLong())
        .isEqualTo(1);
    assertThat(metrics.path("health").path("checks").findValuesAsText("name"))
        .contains("poller");
    // The API pages carry names and emails; none may reach an admin answer.
    assertThat(answer.body() + metrics).doesNotContain("@");
  }

  @Test
  void manualSyncRefusedByTheApiIs502AndTurnsHealthDown() throws Exception {
    start("revoked-api-key-0000");

    Answer answer = server.call("POST", "/api/enrollments/sync", "Authorization", AUTH);
    Answer health = server.call("GET", "/api/enrollments/health", "Authorization", AUTH);

    assertThat(answer.status()).isEqualTo(502);
    assertThat(answer.json().path("summary").path("result").asText()).isEqualTo("AUTH_FAILED");
    assertThat(answer.body()).doesNotContain("revoked-api-key-0000");
    assertThat(health.status()).isEqualTo(503);
  }

  private void start(String apiKey) throws Exception {
    ThinkificConfig client = ThinkificConfig.builder()
        .baseUrl(api.baseUrl())
        .apiKey(apiKey)
        .subdomain(FakeThinkificApi.SUBDOMAIN)
        .maxAttempts(1)
        .build();
    // The first scheduled run is far off: only the manual one runs.
    PollerConfig poller = PollerConfig.builder().initialDelay(Duration.ofHours(1)).build();
    sync = EnrollmentSync.builder()
        .webhook(WebhookConfig.builder().secret(SampleDeliveries.SECRET).build())
        .worker(WorkerConfig.builder().pollTimeout(Duration.ofMillis(50)).build())
        .poller(client, poller)
        .build()
        .start();
    server = new TestServer(sync, AdminOptions.builder().token(TOKEN).build());
  }
}
