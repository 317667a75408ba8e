package io.enrollmentsync.thinkific;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.enrollmentsync.SyncApiException;
import io.enrollmentsync.SyncAuthenticationException;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.testing.FakeThinkificApi;
import io.enrollmentsync.testing.FakeThinkificApi.Answer;
import io.enrollmentsync.testing.FakeTime;
import io.enrollmentsync.testing.SampleDeliveries;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThinkificClientTest {
  private final FakeThinkificApi api = FakeThinkificApi.start();
  private final FakeTime time = FakeTime.at("2025-03-20T00:00:00Z");

  @AfterEach
  void stopApi() {
    api.close();
  }

  private ThinkificConfig.Builder config() {
    return ThinkificConfig.builder()
        .baseUrl(api.baseUrl())
        .apiKey(FakeThinkificApi.API_KEY)
        .subdomain(FakeThinkificApi.SUBDOMAIN)
        .clock(time)
        .sleeper(time);
  }

  private ThinkificClient client() {
    return new ThinkificClient(config().build());
  }

  private static List<Long> ids(List<EnrollmentPage> pages) {
    List<Long> ids = new ArrayList<>();
    pages.forEach(p -> p.items().forEach(item -> ids.add(item.get("id").asLong())));
    return ids;
  }

  @Test
  void walkReadsBothSharedPagesAndStopsWhereNextPageIsNull() throws Exception {
    api.serveVerbatim(r -> r.page() <= 2 ? SampleDeliveries.apiPage(r.page()) : null);
    List<EnrollmentPage> pages = new ArrayList<>();

    int read = client().walkEnrollments(null, null, 10, pages::add);

    assertThat(read).isEqualTo(2);
    assertThat(ids(pages)).containsExactly(880101L, 880102L, 880103L);
    assertThat(api.requests()).extracting(FakeThinkificApi.Request::page).containsExactly(1, 2);
    assertThat(pages.get(0).totalItems()).isEqualTo(3L);
    assertThat(pages.get(1).isLast()).isTrue();
  }

  @Test
  void sendsApiKeyHeadersAndEncodedWholeSecondUtcFilters() throws Exception {
    api.put(880102, "2025-03-19T12:05:00.000Z");

    client().fetchEnrollments(
        Instant.parse("2025-03-18T00:00:00.750Z"), Instant.parse("2025-03-19T23:59:59.999Z"), 1);

    FakeThinkificApi.Request request = api.requests().get(0);
    assertThat(request.rawQuery()).isEqualTo("page=1&limit=250"
        + "&query%5Bupdated_after%5D=2025-03-18T00%3A00%3A00Z"
        + "&query%5Bupdated_before%5D=2025-03-19T23%3A59%3A59Z");
    assertThat(request.header("X-Auth-API-Key")).isEqualTo(FakeThinkificApi.API_KEY);
    assertThat(request.header("X-Auth-Subdomain")).isEqualTo(FakeThinkificApi.SUBDOMAIN);
    assertThat(request.header("Authorization")).isNull();
    assertThat(request.header("Accept")).isEqualTo("application/json");
  }

  @Test
  void sendsBearerTokenInsteadOfApiKeyHeadersWhenConfiguredForOAuth() throws Exception {
    ThinkificClient client = new ThinkificClient(ThinkificConfig.builder()
        .baseUrl(api.baseUrl()).bearerToken(FakeThinkificApi.API_KEY).clock(time).sleeper(time)
        .build());

    EnrollmentPage page = client.fetchEnrollments(null, null, 1);

    assertThat(page.items()).isEmpty();
    FakeThinkificApi.Request request = api.requests().get(0);
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + FakeThinkificApi.API_KEY);
    assertThat(request.header("X-Auth-API-Key")).isNull();
  }

  @Test
  void nullNextPageBeforeTotalPagesReadsOnUntilAnEmptyPage() throws Exception {
    api.serveVerbatim(r -> page(r.page() <= 2 ? List.of(880100L + r.page()) : List.of(), 3));
    List<EnrollmentPage> pages = new ArrayList<>();

    int read = client().walkEnrollments(null, null, 10, pages::add);

    assertThat(ids(pages)).containsExactly(880101L, 880102L);
    assertThat(read).isEqualTo(3);
    assertThat(api.requests()).extracting(FakeThinkificApi.Request::page).containsExactly(1, 2, 3);
  }

  @Test
  void nullNextPageOnTheLastCountedPageEndsTheWalk() throws Exception {
    api.serveVerbatim(r -> page(List.of(880100L + r.page()), 2));
    List<EnrollmentPage> pages = new ArrayList<>();

    int read = client().walkEnrollments(null, null, 10, pages::add);

    assertThat(ids(pages)).containsExactly(880101L, 880102L);
    assertThat(read).isEqualTo(2);
  }

  /** A page whose pagination lies: next_page is always null, total_pages is as given. */
  private static byte[] page(List<Long> ids, int totalPages) {
    StringBuilder items = new StringBuilder();
    for (long id : ids) {
      items.append(items.length() == 0 ? "" : ",").append("{\"id\":").append(id)
          .append(",\"updated_at\":\"2025-03-19T12:05:00Z\"}");
    }
    return ("{\"items\":[" + items + "],\"meta\":{\"pagination\":{\"next_page\":null,"
        + "\"total_pages\":" + totalPages + ",\"total_items\":" + totalPages + "}}}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void bodyWithoutMetaEndsTheWalkAfterItsPage() throws Exception {
    String noMeta = "{\"items\":[{\"id\":\"880102\",\"updated_at\":\"2025-03-19T12:05:00Z\"}]}";
    api.serveVerbatim(r -> noMeta.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    List<EnrollmentPage> pages = new ArrayList<>();

    int read = client().walkEnrollments(null, null, 10, pages::add);

    assertThat(read).isEqualTo(1);
    assertThat(api.requests()).hasSize(1);
    assertThat(pages.get(0).hasMeta()).isFalse();
    assertThat(pages.get(0).isLast()).isTrue();
  }

  @Test
  void nextPageThatDoesNotMoveForwardFailsInsteadOfLooping() {
    String stuck = "{\"items\":[],\"meta\":{\"pagination\":{\"current_page\":1,\"next_page\":1,"
        + "\"total_pages\":2,\"total_items\":3}}}";
    api.serveVerbatim(r -> stuck.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThatThrownBy(() -> client().walkEnrollments(null, null, 10, p -> { }))
        .isInstanceOf(SyncApiException.class)
        .hasMessageContaining("does not move forward");
    assertThat(api.requests()).hasSize(1);
  }

  @Test
  void walkThatWouldPassThePageCapFailsAtTheCap() {
    for (int id = 1; id <= 6; id++) {
      api.put(id, "2025-03-19T12:00:0" + id + "Z");
    }
    ThinkificClient client = new ThinkificClient(config().pageSize(2).build());

    assertThatThrownBy(() -> client.walkEnrollments(null, null, 2, p -> { }))
        .isInstanceOf(SyncApiException.class)
        .hasMessageContaining("still had a next page after 2 pages");
    assertThat(api.requests()).hasSize(2);
  }

  @Test
  void cloudflareAndServerErrorsWithHtmlBodiesAreRetriedWithCappedBackoff() throws Exception {
    api.put(880102, "2025-03-19T12:05:00Z");
    api.enqueue(Answer.html(520), Answer.html(503), Answer.html(530));
    ThinkificClient client = new ThinkificClient(
        config().backoff(Duration.ofSeconds(2), Duration.ofSeconds(3)).build());

    EnrollmentPage page = client.fetchEnrollments(null, null, 1);

    assertThat(ids(List.of(page))).containsExactly(880102L);
    assertThat(api.requests()).hasSize(4);
    List<Duration> waits = time.sleeps();
    assertThat(waits).hasSize(3);
    assertThat(waits.get(0)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(waits.get(1)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(3));
    assertThat(waits.get(2)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(3));
  }

  @Test
  void transientErrorsGiveUpAfterMaxAttemptsWithATransientException() {
    api.intercept(r -> Answer.html(502));
    ThinkificClient client = new ThinkificClient(config().maxAttempts(3).build());

    SyncApiException e = catchThrowableOfType(SyncApiException.class,
        () -> client.fetchEnrollments(null, null, 1));

    assertThat(e.statusCode()).isEqualTo(502);
    assertThat(e.isTransient()).isTrue();
    assertThat(e.requestPath()).isEqualTo("GET /enrollments?page=1&limit=250");
    assertThat(e.getMessage()).contains("502").doesNotContain(FakeThinkificApi.API_KEY);
    assertThat(api.requests()).hasSize(3);
  }

  @Test
  void unauthorizedThrowsAuthenticationExceptionAtOnceWithoutTheKeyInTheMessage() {
    ThinkificClient client = new ThinkificClient(config().apiKey("wrong-key-1234").build());

    SyncAuthenticationException e = catchThrowableOfType(SyncAuthenticationException.class,
        () -> client.fetchEnrollments(null, null, 1));

    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(e.isTransient()).isFalse();
    assertThat(e.getMessage()).contains("401", "API key").doesNotContain("wrong-key-1234");
    assertThat(api.requests()).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void forbiddenIsAnAuthenticationErrorWithoutRetry() {
    api.enqueue(Answer.json(403, "{\"error\":\"Forbidden\"}"));

    assertThatThrownBy(() -> client().fetchEnrollments(null, null, 1))
        .isInstanceOf(SyncAuthenticationException.class)
        .hasMessageContaining("403");
    assertThat(api.requests()).hasSize(1);
  }

  @Test
  void tooManyRequestsWaitsUntilA13DigitResetReadAsEpochMillis() throws Exception {
    long resetAt = time.instant().plusMillis(7_250).toEpochMilli();
    api.enqueue(Answer.tooManyRequests(Map.of("RateLimit-Reset", Long.toString(resetAt))));

    client().fetchEnrollments(null, null, 1);

    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(7_250));
    assertThat(api.requests()).hasSize(2);
  }

  @Test
  void tooManyRequestsWaitsUntilA10DigitResetReadAsEpochSeconds() throws Exception {
    long resetAt = time.instant().plusSeconds(42).getEpochSecond();
    api.enqueue(Answer.tooManyRequests(Map.of("RateLimit-Reset", Long.toString(resetAt))));

    client().fetchEnrollments(null, null, 1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(42));
  }

  @Test
  void tooManyRequestsWaitsASmallResetReadAsMillisecondsUntilReset() throws Exception {
    api.enqueue(Answer.tooManyRequests(Map.of("RateLimit-Reset", "1500")));

    client().fetchEnrollments(null, null, 1);

    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(1500));
  }

  @Test
  void tooManyRequestsWithoutResetHeadersWaitsSixtySeconds() throws Exception {
    api.enqueue(Answer.tooManyRequests(Map.of()));

    client().fetchEnrollments(null, null, 1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void tooManyRequestsHonoursRetryAfterWhenItIsTheLongerWait() throws Exception {
    api.enqueue(Answer.tooManyRequests(Map.of("Retry-After", "12", "RateLimit-Reset", "3000")));

    client().fetchEnrollments(null, null, 1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void tooManyRequestsWaitIsCappedByConfiguration() throws Exception {
    long resetAt = time.instant().plusSeconds(3_600).toEpochMilli();
    api.enqueue(Answer.tooManyRequests(Map.of("RateLimit-Reset", Long.toString(resetAt))));
    ThinkificClient client =
        new ThinkificClient(config().maxRateLimitWait(Duration.ofSeconds(90)).build());

    client.fetchEnrollments(null, null, 1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(90));
  }

  @Test
  void tooManyRequestsEveryTimeGivesUpAfterMaxAttempts() {
    api.intercept(r -> Answer.tooManyRequests(Map.of("RateLimit-Reset", "1000")));
    ThinkificClient client = new ThinkificClient(config().maxAttempts(2).build());

    SyncApiException e = catchThrowableOfType(SyncApiException.class,
        () -> client.fetchEnrollments(null, null, 1));

    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.isTransient()).isTrue();
    assertThat(api.requests()).hasSize(2);
  }

  @Test
  void spentBudgetHeaderMakesTheNextRequestWaitForTheReset() throws Exception {
    api.enqueue(Answer.json(200, "{\"items\":[],\"meta\":{\"pagination\":{\"next_page\":null}}}")
        .withHeader("RateLimit-Remaining", "0").withHeader("RateLimit-Reset", "5000"));
    ThinkificClient client = client();

    client.fetchEnrollments(null, null, 1);
    client.fetchEnrollments(null, null, 1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void clientSideLimitHoldsTheThirdRequestWhenTheBudgetIsTwoPerMinute() throws Exception {
    ThinkificClient client = new ThinkificClient(config().requestsPerMinute(2).build());

    client.fetchEnrollments(null, null, 1);
    time.advance(Duration.ofSeconds(10));
    client.fetchEnrollments(null, null, 1);
    client.fetchEnrollments(null, null, 1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(50));
    assertThat(api.requests()).hasSize(3);
  }

  @Test
  void unprocessableRequestIsNotRetriedAndQuotesTheApiError() {
    api.enqueue(Answer.json(422, "{\"errors\":[\"query[updated_after] is invalid\"]}"));

    SyncApiException e = catchThrowableOfType(SyncApiException.class,
        () -> client().fetchEnrollments(null, null, 1));

    assertThat(e.statusCode()).isEqualTo(422);
    assertThat(e.isTransient()).isFalse();
    assertThat(e.getMessage()).contains("updated_after] is invalid");
    assertThat(api.requests()).hasSize(1);
  }

  @Test
  void successWithAnHtmlBodyFailsWithAHintAboutTheBaseUrl() {
    api.enqueue(new Answer(200, Map.of(), "text/html",
        "<html>login</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> client().fetchEnrollments(null, null, 1))
        .isInstanceOf(SyncApiException.class)
        .hasMessageContaining("not a JSON object")
        .hasMessageContaining("base URL");
  }

  @Test
  void aNumberJacksonCannotHoldIsAnApiErrorNotAnUncheckedException() {
    api.enqueue(FakeThinkificApi.Answer.json(200,
        "{\"items\":[{\"id\":1e999999999025}],\"meta\":{}}"));

    assertThatThrownBy(() -> client().fetchEnrollments(null, null, 1))
        .isInstanceOf(SyncApiException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void refusedAndUnreadableAnswersAreCountedAsApiErrorsWithoutRetries() {
    SyncMetrics metrics = new SyncMetrics();
    ThinkificClient client = new ThinkificClient(config().build(), metrics);
    api.enqueue(Answer.json(404, "{\"error\":\"Record not found.\"}"),
        Answer.json(401, "{\"error\":\"Authentication Error\"}"),
        Answer.json(200, "{\"items\":[{\"id\":1,"));

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> client.fetchEnrollments(null, null, 1))
          .isInstanceOf(SyncApiException.class);
    }

    assertThat(metrics.registry().counter("enrollmentsync.poll.api_errors").getCount())
        .isEqualTo(3);
    assertThat(metrics.registry().counter("enrollmentsync.poll.api_retries").getCount()).isZero();
    assertThat(api.requests()).hasSize(3);
  }

  @Test
  void redirectToAnotherHostIsNotFollowedSoTheKeyNeverLeavesAndTheErrorNamesTheBaseUrl()
      throws IOException {
    HttpServer other = HttpServer.create(
        new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    List<String> keysSeenThere = new CopyOnWriteArrayList<>();
    other.createContext("/", exchange -> {
      keysSeenThere.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Auth-API-Key")));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    other.start();
    String elsewhere = "http://localhost:" + other.getAddress().getPort() + "/api/public/v1";
    api.enqueue(new Answer(301, Map.of("Location", elsewhere + "/enrollments?page=1"),
        "text/html", new byte[0]));

    try {
      SyncApiException e = catchThrowableOfType(SyncApiException.class,
          () -> client().fetchEnrollments(null, null, 1));

      assertThat(e.statusCode()).isEqualTo(301);
      assertThat(e.isTransient()).isFalse();
      assertThat(e.getMessage()).contains("redirect", "base URL")
          .doesNotContain(FakeThinkificApi.API_KEY);
      assertThat(keysSeenThere).isEmpty();
      assertThat(api.requests()).hasSize(1);
    } finally {
      other.stop(0);
    }
  }

  @Test
  void unreachableServerIsTransientAndRetriedUpToMaxAttempts() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ThinkificClient client = new ThinkificClient(config()
        .baseUrl("http://127.0.0.1:" + port + "/api/public/v1").maxAttempts(2).build());

    SyncApiException e = catchThrowableOfType(SyncApiException.class,
        () -> client.fetchEnrollments(null, null, 1));

    assertThat(e.statusCode()).isZero();
    assertThat(e.isTransient()).isTrue();
    assertThat(time.sleeps()).hasSize(1);
  }

  @Test
  void idsSentAsStringsAndPaginationNumbersSentAsStringsAreRead() throws Exception {
    String body = "{\"items\":[{\"id\":\"880103\",\"updated_at\":\"2025-03-18T23:59:59Z\"}],"
        + "\"meta\":{\"pagination\":{\"current_page\":\"1\",\"next_page\":\"2\","
        + "\"total_pages\":\"2\",\"total_items\":\"3\"}}}";
    api.serveVerbatim(r -> body.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    EnrollmentPage page = client().fetchEnrollments(null, null, 1);

    JsonNode item = page.items().get(0);
    assertThat(item.get("id").asText()).isEqualTo("880103");
    assertThat(page.nextPage()).isEqualTo(2);
    assertThat(page.totalItems()).isEqualTo(3L);
    assertThat(page.isComplete(250)).isFalse();
  }
}
