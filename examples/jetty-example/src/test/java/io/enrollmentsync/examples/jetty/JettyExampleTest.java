package io.enrollmentsync.examples.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enrollmentsync.testing.FailingRepository;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.webhook.WebhookReceiver;
import io.enrollmentsync.worker.WorkerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example over HTTP: the admin API with {@code ADMIN_TOKEN}, 404 without it, and a stop that
 * lets a delivery in the middle of its body finish.
 */
class JettyExampleTest {
  private static final String TOKEN = "example-admin-token-5d1c9e7a";
  private static final String AUTH = "Bearer " + TOKEN;
  private static final long ENROLLMENT = 880101;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String[]> ADMIN_ENDPOINTS = List.of(
      new String[] {"GET", "/api/enrollments/metrics"},
      new String[] {"GET", "/api/enrollments/health"},
      new String[] {"POST", "/api/enrollments/sync"},
      new String[] {"GET", "/api/enrollments/dead-letters"},
      new String[] {"GET", "/api/enrollments/dead-letters/none"},
      new String[] {"POST", "/api/enrollments/dead-letters/none/replay"},
      new String[] {"POST", "/api/enrollments/dead-letters/replay"},
      new String[] {"DELETE", "/api/enrollments/dead-letters/none"});

  private final HttpClient client = HttpClient.newHttpClient();
  @TempDir Path dataDir;
  private final FailingRepository repository = new FailingRepository();
  private JettyExample example;

  @AfterEach
  void stop() throws Exception {
    if (example != null) {
      example.close();
    }
  }

  @Test
  void withAdminTokenEveryEndpointAnswers401WithoutItAndAnswersWithIt() throws Exception {
    start(TOKEN);

    for (String[] e : ADMIN_ENDPOINTS) {
      HttpResponse<String> without = call(e[0], e[1]);
      HttpResponse<String> with = call(e[0], e[1], "Authorization", AUTH);

      assertThat(without.statusCode()).as("%s %s without token", e[0], e[1]).isEqualTo(401);
      assertThat(json(without).path("error").asText()).isEqualTo("unauthorized");
      // 404 only for the missing dead letter "none" and the unconfigured poller.
      assertThat(with.statusCode()).as("%s %s with token", e[0], e[1]).isIn(200, 404);
      assertThat(json(with).isObject()).isTrue();
    }
  }

  @Test
  void withAdminTokenMetricsMoveAsTheSampleDeliveriesArePosted() throws Exception {
    start(TOKEN);
    JsonNode before = json(call("GET", "/api/enrollments/metrics", "Authorization", AUTH));

    for (SampleDeliveries.Delivery d : SampleDeliveries.all()) {
      post(d);
    }
    await().atMost(Duration.ofSeconds(10)).until(() ->
        repository.find(ENROLLMENT).map(r -> r.snapshot().completed()).orElse(false));
    JsonNode after = json(call("GET", "/api/enrollments/metrics", "Authorization", AUTH));

    String accepted = "enrollmentsync.webhook.outcome.accepted";
    assertThat(before.path("counters").path(accepted).asLong()).isZero();
    assertThat(after.path("counters").path(accepted).asLong()).isEqualTo(5);
    assertThat(after.path("counters").path("enrollmentsync.webhook.outcome.ignored").asLong())
        .isEqualTo(1);
    assertThat(after.path("counters").path("enrollmentsync.webhook.outcome.malformed").asLong())
        .isEqualTo(1);
    assertThat(after.path("timers").path("enrollmentsync.apply.event").path("count").asLong())
        .isEqualTo(5);
    assertThat(after.path("queue").path("quarantined").asLong()).isEqualTo(1);
    assertThat(after.path("health").path("status").asText()).isEqualTo("UP");
  }

  @Test
  void withAdminTokenADeadLetterIsListedReplayedAndDiscardedOverHttp() throws Exception {
    start(TOKEN);
    repository.failFor(ENROLLMENT);
    post(SampleDeliveries.number("01"));
    post(SampleDeliveries.number("02"));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        json(call("GET", "/api/enrollments/dead-letters", "Authorization", AUTH))
            .path("total").asLong() == 2);
    JsonNode items = json(call("GET", "/api/enrollments/dead-letters", "Authorization", AUTH))
        .path("items");
    String created = items.path(0).path("id").asText();
    String progress = items.path(1).path("id").asText();

    repository.heal();
    HttpResponse<String> replayed =
        call("POST", "/api/enrollments/dead-letters/" + created + "/replay", "Authorization", AUTH);
    await().atMost(Duration.ofSeconds(10)).until(() -> repository.find(ENROLLMENT).isPresent());
    HttpResponse<String> discarded =
        call("DELETE", "/api/enrollments/dead-letters/" + progress, "Authorization", AUTH);
    JsonNode left = json(call("GET", "/api/enrollments/dead-letters", "Authorization", AUTH));

    assertThat(items.path(0).path("enrollmentId").asLong()).isEqualTo(ENROLLMENT);
    assertThat(items.path(0).has("payload")).isFalse();
    assertThat(replayed.statusCode()).isEqualTo(200);
    assertThat(discarded.statusCode()).isEqualTo(200);
    assertThat(left.path("total").asLong()).isZero();
    assertThat(repository.find(ENROLLMENT).orElseThrow().snapshot().percentageCompleted())
        .isZero();
  }

  @Test
  void withoutAdminTokenTheAdminApiIsNotMountedAnd404s() throws Exception {
    start(null);

    for (String[] e : ADMIN_ENDPOINTS) {
      assertThat(call(e[0], e[1], "Authorization", AUTH).statusCode())
          .as("%s %s", e[0], e[1]).isEqualTo(404);
    }
    assertThat(post(SampleDeliveries.number("01")).statusCode()).isEqualTo(202);
  }

  @Test
  void deliveryHalfSentWhenTheStopBeginsIsStillQueuedAndAnswered202() throws Exception {
    start(null);
    SampleDeliveries.Delivery delivery = SampleDeliveries.number("01");
    byte[] body = delivery.body();
    int half = body.length / 2;

    try (Socket socket = new Socket("127.0.0.1", example.port())) {
      socket.setSoTimeout((int) JettyExample.STOP_TIMEOUT_MS * 2);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + JettyExample.WEBHOOK_PATH + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\n"
          + WebhookReceiver.SIGNATURE_HEADER + ": " + delivery.signature() + "\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(Arrays.copyOf(body, half));
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> example.requestsInFlight() == 1);

      JettyExample stopping = example;
      CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
        try {
          stopping.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      await().atMost(Duration.ofSeconds(10)).until(stopping::stopping);
      assertThat(closed).as("the stop waits for the request in flight").isNotDone();

      out.write(body, half, body.length - half);
      out.flush();
      BufferedReader in = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("HTTP/1.1 202");

      closed.get(30, TimeUnit.SECONDS);
      example = null;
    }
  }

  static Stream<Arguments> requestsJettyRejects() {
    String post = "POST " + JettyExample.WEBHOOK_PATH + " HTTP/1.1\r\n";
    return Stream.of(
        arguments("no Host header", post + "Content-Length: 2\r\n\r\n{}", 400),
        arguments("two Content-Length headers",
            post + "Host: a\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400),
        arguments("a control character in a header",
            post + "Host: a\r\nX-Thinkific-Hmac-Sha256: ab\u0001cd\r\nContent-Length: 2\r\n\r\n{}",
            400),
        arguments("an ambiguous path", "POST /api/webhooks/%2e%2e/enrollment HTTP/1.1\r\n"
            + "Host: a\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", 400),
        arguments("headers over the limit",
            post + "Host: a\r\nX-Big: " + "a".repeat(70_000) + "\r\nContent-Length: 2\r\n\r\n{}",
            431));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestsJettyRejects")
  void requestsJettyRejectsBeforeAnyServletAreAnsweredInJson(String label, String raw, int status)
      throws Exception {
    start(null);

    String answer;
    try (Socket socket = new Socket("127.0.0.1", example.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
    String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
    assertThat(head).containsIgnoringCase("Content-Type: application/json");
    JsonNode body = JSON.readTree(answer.substring(head.length() + 4));
    assertThat(body.path("error").asText()).isNotEmpty();
    assertThat(body.path("message").asText()).isNotEmpty().doesNotContain("aaaa");
  }

  private void start(String adminToken) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("THINKIFIC_WEBHOOK_SECRET", SampleDeliveries.SECRET);
    env.put("PORT", "0");
    env.put("DATA_DIR", dataDir.toString());
    if (adminToken != null) {
      env.put("ADMIN_TOKEN", adminToken);
    }
    WorkerConfig worker =
        WorkerConfig.builder().pollTimeout(Duration.ofMillis(50)).maxAttempts(1).build();
    example = new JettyExample(ExampleSettings.from(env), repository, worker).start();
  }

  private HttpResponse<String> post(SampleDeliveries.Delivery d) {
    return send(HttpRequest.newBuilder(uri(JettyExample.WEBHOOK_PATH))
        .header("Content-Type", "application/json")
        .header(WebhookReceiver.SIGNATURE_HEADER, d.signature())
        .header("X-Thinkific-Topic", d.topic())
        .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
        .build());
  }

  private HttpResponse<String> call(String method, String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + example.port() + path);
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }
}
