package io.enrollmentsync.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.servlet.TestServer.Answer;
import io.enrollmentsync.testing.FailingRepository;
import io.enrollmentsync.testing.FlakyQueue;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.worker.WorkerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin API over HTTP, in a real Jetty, against the sample deliveries. */
class AdminApiTest {
  private static final String TOKEN = "test-admin-token-7f3a9c1e5b";
  private static final String AUTH = "Bearer " + TOKEN;
  private static final long ENROLLMENT = 880101;

  private final FlakyQueue queue = new FlakyQueue();
  private final FailingRepository repository = new FailingRepository();
  private final EnrollmentSync sync = EnrollmentSync.builder()
      .webhook(WebhookConfig.builder().secret(SampleDeliveries.SECRET).build())
      .queue(queue)
      .repository(repository)
      .worker(WorkerConfig.builder().pollTimeout(Duration.ofMillis(50)).maxAttempts(1).build())
      .build()
      .start();
  private TestServer server;

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      server.close();
    }
    sync.close();
    queue.close();
  }

  static Stream<Arguments> endpoints() {
    return Stream.of(
        Arguments.of("GET", "/api/enrollments/metrics"),
        Arguments.of("GET", "/api/enrollments/metrics?format=prometheus"),
        Arguments.of("GET", "/api/enrollments/health"),
        Arguments.of("POST", "/api/enrollments/sync"),
        Arguments.of("GET", "/api/enrollments/dead-letters"),
        Arguments.of("GET", "/api/enrollments/dead-letters/m-1"),
        Arguments.of("POST", "/api/enrollments/dead-letters/m-1/replay"),
        Arguments.of("POST", "/api/enrollments/dead-letters/replay"),
        Arguments.of("DELETE", "/api/enrollments/dead-letters/m-1"));
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void everyEndpointAnswers401WithABearerChallengeWithoutTheToken(String method, String path)
      throws Exception {
    server = new TestServer(sync, tokenOptions().build());

    Answer answer = server.call(method, path);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(answer.header("Content-Type")).startsWith("application/json");
    assertThat(answer.json().path("error").asText()).isEqualTo("unauthorized");
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void everyEndpointAnswers403WithAWrongToken(String method, String path) throws Exception {
    server = new TestServer(sync, tokenOptions().build());

    Answer answer = server.call(method, path, "Authorization", "Bearer wrong-token-0000000000");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.json().path("error").asText()).isEqualTo("forbidden");
    assertThat(answer.body()).doesNotContain("wrong-token");
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void everyEndpointAnswersWithTheToken(String method, String path) throws Exception {
    server = new TestServer(sync, tokenOptions()
        .manualSync(() -> ManualSync.Result.completed(Map.of("pages", 0))).build());

    Answer answer = server.call(method, path, "Authorization", AUTH);

    // 404 only where the dead letter m-1 does not exist; never 401, 403 or 5xx.
    assertThat(answer.status()).as(answer.body()).isIn(200, 404);
    if (answer.status() == 404) {
      assertThat(answer.json().path("error").asText()).isEqualTo("not_found");
    }
  }

  @Test
  void malformedAuthorizationIs401WithInvalidRequest() throws Exception {
    server = new TestServer(sync, tokenOptions().build());

    Answer answer = server.call("GET", "/api/enrollments/metrics", "Authorization", "Basic abc");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).contains("invalid_request");
    assertThat(sync.metrics().registry().counter("enrollmentsync.admin.denied.malformed")
        .getCount()).isEqualTo(1);
  }

  @Test
  void metricsMoveAsTheSampleDeliveriesArePosted() throws Exception {
    server = new TestServer(sync, tokenOptions().build());
    JsonNode before = metrics();

    for (SampleDeliveries.Delivery d : SampleDeliveries.all()) {
      server.postDelivery(d);
    }
    await().atMost(Duration.ofSeconds(10)).until(() ->
        repository.find(ENROLLMENT).map(r -> r.snapshot().completed()).orElse(false));
    Answer answer = server.call("GET", "/api/enrollments/metrics", "Authorization", AUTH);
    JsonNode after = answer.json();

    assertThat(before.path("counters").path("enrollmentsync.webhook.outcome.accepted").asLong())
        .isZero();
    JsonNode counters = after.path("counters");
    assertThat(counters.path("enrollmentsync.webhook.outcome.accepted").asLong()).isEqualTo(5);
    assertThat(counters.path("enrollmentsync.webhook.outcome.ignored").asLong()).isEqualTo(1);
    assertThat(counters.path("enrollmentsync.webhook.outcome.malformed").asLong()).isEqualTo(1);
    assertThat(counters.path("enrollmentsync.webhook.rejected.body.malformed").asLong())
        .isEqualTo(1);
    assertThat(counters.path("enrollmentsync.apply.inserted").asLong()
        + counters.path("enrollmentsync.apply.updated").asLong()
        + counters.path("enrollmentsync.apply.stale").asLong()).isEqualTo(5);
    JsonNode timers = after.path("timers");
    assertThat(timers.path("enrollmentsync.webhook.verify").path("count").asLong()).isEqualTo(7);
    assertThat(timers.path("enrollmentsync.apply.event").path("count").asLong()).isEqualTo(5);
    assertThat(timers.path("enrollmentsync.webhook.receive").has("m1Rate")).isTrue();
    assertThat(after.path("histograms").path("enrollmentsync.lag.event_to_applied_ms")
        .path("count").asLong()).isEqualTo(5);
    assertThat(after.path("queue").path("quarantined").asLong()).isEqualTo(1);
    assertThat(after.path("queue").path("depth").asLong()).isZero();
    assertThat(after.path("health").path("status").asText()).isEqualTo("UP");
    assertThat(after.path("worker").path("consumersAlive").asInt()).isEqualTo(2);
    JsonNode alive = after.path("gauges").path("enrollmentsync.worker.consumers_alive");
    assertThat(alive.isIntegralNumber()).as(alive.toString()).isTrue();
    assertThat(alive.asLong()).isEqualTo(2);
    // The samples are Ada Lovelace's enrollment: no name or address may leak into metrics.
    assertThat(answer.body()).doesNotContain("@example.com").doesNotContain("Lovelace");
  }

  @Test
  void gaugeThatFailsIsLeftOutOfBothFormatsInsteadOfFailingThem() throws Exception {
    server = new TestServer(sync, tokenOptions().build());
    sync.metrics().gauge("enrollmentsync.test.broken", () -> {
      throw new IllegalStateException("store gone");
    });

    Answer json = server.call("GET", "/api/enrollments/metrics", "Authorization", AUTH);
    Answer text = server.call("GET", "/api/enrollments/metrics?format=prometheus",
        "Authorization", AUTH);

    assertThat(json.status()).isEqualTo(200);
    assertThat(json.json().path("gauges").has("enrollmentsync.test.broken")).isFalse();
    assertThat(json.json().path("gauges").has("enrollmentsync.worker.in_flight")).isTrue();
    assertThat(text.status()).isEqualTo(200);
    assertThat(text.body()).doesNotContain("enrollmentsync_test_broken")
        .contains("enrollmentsync_worker_in_flight");
  }

  @Test
  void prometheusFormatListsCountersAndHealthAsText() throws Exception {
    server = new TestServer(sync, tokenOptions().build());
    server.postDelivery(SampleDeliveries.number("01"));

    Answer answer = server.call("GET", "/api/enrollments/metrics?format=prometheus",
        "Authorization", AUTH);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).startsWith("text/plain");
    assertThat(answer.body())
        .contains("# TYPE enrollmentsync_webhook_outcome_accepted_total counter\n")
        .contains("enrollmentsync_webhook_outcome_accepted_total 1\n")
        .contains("enrollmentsync_health_status{check=\"store\"} 0\n")
        .contains("enrollmentsync_webhook_verify_seconds{quantile=\"0.99\"}");
  }

  @Test
  void deadLetterCanBeListedShownReplayedAndDiscardedOverHttp() throws Exception {
    server = new TestServer(sync, tokenOptions().build());
    repository.failFor(ENROLLMENT);
    server.postDelivery(SampleDeliveries.number("01"));
    server.postDelivery(SampleDeliveries.number("02"));
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 2);

    JsonNode list = server.call("GET", "/api/enrollments/dead-letters?limit=1",
        "Authorization", AUTH).json();
    String first = list.path("items").path(0).path("id").asText();
    JsonNode rest = server.call("GET", "/api/enrollments/dead-letters?after=" + first,
        "Authorization", AUTH).json();
    String second = rest.path("items").path(0).path("id").asText();
    Answer shown = server.call("GET", "/api/enrollments/dead-letters/" + first,
        "Authorization", AUTH);

    assertThat(list.path("total").asLong()).isEqualTo(2);
    assertThat(list.path("next").asText()).isEqualTo(first);
    assertThat(rest.path("items")).hasSize(1);
    assertThat(rest.path("next").isNull()).isTrue();
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.json().path("enrollmentId").asLong()).isEqualTo(ENROLLMENT);
    assertThat(shown.json().path("attempts").asInt()).isEqualTo(1);
    assertThat(shown.json().path("error").asText())
        .contains("constraint violated for enrollment 880101").contains("<email>");
    assertThat(shown.json().has("payload")).isFalse();
    assertThat(shown.body()).doesNotContain("@example.com").doesNotContain("Lovelace");

    repository.heal();
    Answer replayed = server.call("POST", "/api/enrollments/dead-letters/" + first + "/replay",
        "Authorization", AUTH);
    await().atMost(Duration.ofSeconds(10)).until(() -> repository.find(ENROLLMENT).isPresent());
    Answer discarded = server.call("DELETE", "/api/enrollments/dead-letters/" + second,
        "Authorization", AUTH);
    Answer gone = server.call("GET", "/api/enrollments/dead-letters/" + second,
        "Authorization", AUTH);
    JsonNode empty = server.call("GET", "/api/enrollments/dead-letters", "Authorization", AUTH)
        .json();

    assertThat(replayed.status()).isEqualTo(200);
    assertThat(replayed.json().path("replayed").asBoolean()).isTrue();
    assertThat(discarded.status()).isEqualTo(200);
    assertThat(discarded.json().path("discarded").asBoolean()).isTrue();
    assertThat(gone.status()).isEqualTo(404);
    assertThat(empty.path("total").asLong()).isZero();
    assertThat(empty.path("items")).isEmpty();
  }

  @Test
  void replayAllPutsEveryDeadLetterBackInTheQueue() throws Exception {
    server = new TestServer(sync, tokenOptions().build());
    repository.failFor(ENROLLMENT);
    server.postDelivery(SampleDeliveries.number("01"));
    server.postDelivery(SampleDeliveries.number("05"));
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 2);

    repository.heal();
    Answer answer = server.call("POST", "/api/enrollments/dead-letters/replay",
        "Authorization", AUTH);

    assertThat(answer.json().path("replayed").asInt()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        repository.find(ENROLLMENT).map(r -> r.snapshot().completed()).orElse(false));
    assertThat(queue.deadLetters().size()).isZero();
  }

  @Test
  void deadLetterPayloadIsShownOnlyWhenEnabled() throws Exception {
    server = new TestServer(sync, tokenOptions().showPayloads(true).build());
    repository.failFor(ENROLLMENT);
    server.postDelivery(SampleDeliveries.number("01"));
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 1);

    JsonNode item = server.call("GET", "/api/enrollments/dead-letters", "Authorization", AUTH)
        .json().path("items").path(0);

    assertThat(item.path("payload").path("userEmail").asText())
        .isEqualTo("ada.lovelace@example.com");
    assertThat(item.path("payload").path("enrollmentId").asLong()).isEqualTo(ENROLLMENT);
  }

  @Test
  void badLimitIsRejectedWithTheAllowedRange() throws Exception {
    Answer answer = listDeadLetters("limit=5000");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("message").asText()).contains("from 1 to 1000");
  }

  @Test
  void afterThatIsNotADeadLetterIdIsA400NamingTheFormat() throws Exception {
    Answer answer = listDeadLetters("after=zzz");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("error").asText()).isEqualTo("bad_after");
    assertThat(answer.json().path("message").asText()).doesNotContain("zzz");
  }

  @Test
  void afterThatIsADashLeavesTheFormatHintIntactInThe400() throws Exception {
    Answer answer = listDeadLetters("after=-");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("error").asText()).isEqualTo("bad_after");
    assertThat(answer.json().path("message").asText())
        .contains("must be a dead-letter id such as d-1, but was '<after>'")
        .doesNotContain("dead<after>letter");
  }

  @Test
  void afterWithControlCharactersIsNeitherEchoedNorGarbled() throws Exception {
    Answer answer = listDeadLetters("after=%0Ax%1B-");

    String message = answer.json().path("message").asText();
    assertThat(answer.status()).isEqualTo(400);
    assertThat(message).contains("such as d-1, but was '<after>'");
    assertThat(message.chars()).noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  @ParameterizedTest
  @MethodSource("idsOutOfRange")
  void deadLetterIdOutOfRangeIs400AsAfterAnd404AsAPath(String id) throws Exception {
    server = new TestServer(sync, tokenOptions().build());
    String base = "/api/enrollments/dead-letters";

    Answer list = server.call("GET", base + "?after=" + id, "Authorization", AUTH);
    Answer shown = server.call("GET", base + "/" + id, "Authorization", AUTH);
    Answer replayed = server.call("POST", base + "/" + id + "/replay", "Authorization", AUTH);
    Answer discarded = server.call("DELETE", base + "/" + id, "Authorization", AUTH);

    assertThat(list.status()).isEqualTo(400);
    assertThat(list.json().path("error").asText()).isEqualTo("bad_after");
    assertThat(List.of(shown, replayed, discarded)).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(404);
      assertThat(a.json().path("error").asText()).isEqualTo("not_found");
    });
  }

  static Stream<String> idsOutOfRange() {
    return Stream.of("d-99999999999999999999", "99999999999999999999-0");
  }

  @Test
  void healthTurnsDownAndAnswers503WhenTheQueuePingFails() throws Exception {
    server = new TestServer(sync, tokenOptions().build());
    await().atMost(Duration.ofSeconds(5)).until(() ->
        server.call("GET", "/api/enrollments/health", "Authorization", AUTH).status() == 200);

    queue.pingFails("connection refused");
    Answer health = server.call("GET", "/api/enrollments/health", "Authorization", AUTH);
    JsonNode metrics = metrics();

    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().path("status").asText()).isEqualTo("DOWN");
    assertThat(health.json().path("checks").path(0).path("name").asText()).isEqualTo("store");
    assertThat(health.json().path("checks").path(0).path("reason").asText())
        .contains("connection refused");
    assertThat(metrics.path("health").path("status").asText()).isEqualTo("DOWN");
  }

  @Test
  void manualSyncWithoutPollingIs404WithAClearError() throws Exception {
    server = new TestServer(sync, tokenOptions().build());

    Answer answer = server.call("POST", "/api/enrollments/sync", "Authorization", AUTH);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().path("error").asText()).isEqualTo("polling_not_configured");
  }

  @Test
  void manualSyncAnswersTheRunSummaryAndRefusesASecondRunWhileOneRuns() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server = new TestServer(sync, tokenOptions().manualSync(() -> {
      entered.countDown();
      awaitLatch(release);
      return ManualSync.Result.completed(Map.of("pages", 2, "queued", 3));
    }).build());

    CompletableFuture<Answer> first = CompletableFuture.supplyAsync(() ->
        server.call("POST", "/api/enrollments/sync", "Authorization", AUTH));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    Answer second = server.call("POST", "/api/enrollments/sync", "Authorization", AUTH);
    release.countDown();
    Answer done = first.get(10, TimeUnit.SECONDS);

    assertThat(second.status()).isEqualTo(409);
    assertThat(second.json().path("error").asText()).isEqualTo("sync_running");
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.json().path("status").asText()).isEqualTo("completed");
    assertThat(done.json().path("summary").path("queued").asInt()).isEqualTo(3);
  }

  @Test
  void manualSyncThatReportsARunElsewhereIs409WithItsSummary() throws Exception {
    server = new TestServer(sync, tokenOptions()
        .manualSync(() -> ManualSync.Result.busy(Map.of("result", "LEASE_HELD"))).build());

    Answer answer = server.call("POST", "/api/enrollments/sync", "Authorization", AUTH);

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.json().path("error").asText()).isEqualTo("sync_running");
    assertThat(answer.json().path("summary").path("result").asText()).isEqualTo("LEASE_HELD");
  }

  @Test
  void manualSyncThatFailedIs502WithItsSummary() throws Exception {
    server = new TestServer(sync, tokenOptions()
        .manualSync(() -> ManualSync.Result.failed(Map.of("error", "HTTP 500 on page 3")))
        .build());

    Answer answer = server.call("POST", "/api/enrollments/sync", "Authorization", AUTH);

    assertThat(answer.status()).isEqualTo(502);
    assertThat(answer.json().path("status").asText()).isEqualTo("failed");
    assertThat(answer.json().path("summary").path("error").asText())
        .isEqualTo("HTTP 500 on page 3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD"})
  void readingTheSyncPathIsMethodNotAllowed(String method) throws Exception {
    server = new TestServer(sync, tokenOptions().build());

    Answer answer = server.call(method, "/api/enrollments/sync", "Authorization", AUTH);

    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.header("Allow")).isEqualTo("POST");
  }

  @ParameterizedTest
  @MethodSource("getPaths")
  void headOnAGetEndpointAnswersItsStatusAndLengthWithoutABody(String path) throws Exception {
    server = new TestServer(sync, tokenOptions().build());

    Answer get = server.call("GET", path, "Authorization", AUTH);
    Answer head = server.call("HEAD", path, "Authorization", AUTH);

    assertThat(head.status()).isEqualTo(get.status()).isEqualTo(200);
    assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
    assertThat(head.header("Content-Length")).isNotNull();
    assertThat(head.body()).isEmpty();
  }

  static Stream<String> getPaths() {
    return Stream.of("/api/enrollments/health", "/api/enrollments/metrics",
        "/api/enrollments/dead-letters");
  }

  @Test
  void headNeedsTheTokenLikeGet() throws Exception {
    server = new TestServer(sync, tokenOptions().build());

    Answer head = server.call("HEAD", "/api/enrollments/dead-letters");

    assertThat(head.status()).isEqualTo(401);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void webhookPathAnswersOtherMethodsWithTheReceiversShapeOf405() throws Exception {
    server = new TestServer(sync, tokenOptions().build());

    Answer answer = server.call("GET", EnrollmentSyncServlets.WEBHOOK_PATH);

    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.header("Allow")).isEqualTo("POST");
    assertThat(answer.json().path("status").asText()).isEqualTo("method_not_allowed");
    assertThat(answer.json().path("error").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void adminPathsAreNotMountedWithoutTokenOrRole() throws Exception {
    server = new TestServer(sync, AdminOptions.disabled());

    Answer metrics = server.call("GET", "/api/enrollments/metrics", "Authorization", AUTH);
    Answer deadLetters = server.call("GET", "/api/enrollments/dead-letters");

    assertThat(server.mounted()).containsOnlyKeys(EnrollmentSyncServlets.WEBHOOK_PATH);
    assertThat(metrics.status()).isEqualTo(404);
    assertThat(deadLetters.status()).isEqualTo(404);
  }

  @Test
  void containerUserWithTheRoleIsLetInWithoutAToken() throws Exception {
    server = new TestServer(sync, AdminOptions.builder().containerRole("sync-admin").build());

    Answer admin = server.call("GET", "/api/enrollments/metrics",
        "X-Test-User", "ops", "X-Test-Roles", "sync-admin");
    Answer other = server.call("GET", "/api/enrollments/metrics",
        "X-Test-User", "intern", "X-Test-Roles", "viewer");
    Answer anonymous = server.call("GET", "/api/enrollments/metrics");

    assertThat(admin.status()).isEqualTo(200);
    assertThat(other.status()).isEqualTo(403);
    assertThat(anonymous.status()).isEqualTo(401);
  }

  @Test
  void tokenStillWorksBesideTheContainerRole() throws Exception {
    server = new TestServer(sync, tokenOptions().containerRole("sync-admin").build());

    Answer byToken = server.call("GET", "/api/enrollments/metrics", "Authorization", AUTH);
    Answer byRole = server.call("GET", "/api/enrollments/metrics",
        "X-Test-User", "ops", "X-Test-Roles", "sync-admin");
    Answer neither = server.call("GET", "/api/enrollments/metrics",
        "X-Test-User", "intern", "X-Test-Roles", "viewer");

    assertThat(byToken.status()).isEqualTo(200);
    assertThat(byRole.status()).isEqualTo(200);
    assertThat(neither.status()).isEqualTo(401);
  }

  private JsonNode metrics() {
    return server.call("GET", "/api/enrollments/metrics", "Authorization", AUTH).json();
  }

  private static AdminOptions.Builder tokenOptions() {
    return AdminOptions.builder().token(TOKEN);
  }

  /** Starts the server with the admin token and lists dead letters with the given query. */
  private Answer listDeadLetters(String query) throws Exception {
    server = new TestServer(sync, tokenOptions().build());
    return server.call("GET", "/api/enrollments/dead-letters?" + query, "Authorization", AUTH);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
