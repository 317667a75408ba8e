package io.enrollmentsync.examples.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.testing.FakeThinkificApi;
import io.enrollmentsync.testing.SampleDeliveries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example with polling on, against a fake Admin API serving the two shared pages. */
class JettyExamplePollingTest {
  private static final String TOKEN = "example-admin-token";

  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dataDir;
  private FakeThinkificApi api;
  private JettyExample example;

  @BeforeEach
  void start() throws Exception {
    api = FakeThinkificApi.start().putSamplePages();
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("THINKIFIC_WEBHOOK_SECRET", SampleDeliveries.SECRET);
    env.put("DATA_DIR", dataDir.toString());
    env.put("API_KEY", FakeThinkificApi.API_KEY);
    env.put("API_SUBDOMAIN", FakeThinkificApi.SUBDOMAIN);
    env.put("THINKIFIC_API_BASE_URL", api.baseUrl());
    env.put("SYNC_POLL_INTERVAL", "60m");
    env.put("ADMIN_TOKEN", TOKEN);
    example = new JettyExample(ExampleSettings.from(env)).start();
  }

  @AfterEach
  void stop() throws Exception {
    example.close();
    api.close();
  }

  @Test
  void manualSyncStoresTheChangesNoWebhookAnnounced() throws Exception {
    HttpResponse<String> sync = http.send(HttpRequest.newBuilder(uri("/api/enrollments/sync"))
        .header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(sync.statusCode()).isEqualTo(200);
    assertThat(sync.body()).contains("SUCCESS");
    await().atMost(Duration.ofSeconds(20)).until(() ->
        get("/enrollments/880102").contains("\"percentageCompleted\" : 0.3")
            && get("/enrollments/880103").contains("\"expired\" : true"));
    assertThat(api.requests()).isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("X-Auth-API-Key")).isEqualTo(FakeThinkificApi.API_KEY));
  }

  @Test
  void manualSyncWithoutTheTokenIsUnauthorized() throws Exception {
    HttpResponse<String> sync = http.send(HttpRequest.newBuilder(uri("/api/enrollments/sync"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(sync.statusCode()).isEqualTo(401);
    assertThat(api.requests()).isEmpty();
  }

  private String get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + example.port() + path);
  }
}
