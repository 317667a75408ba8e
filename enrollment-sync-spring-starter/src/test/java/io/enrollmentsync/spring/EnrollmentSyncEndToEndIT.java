package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.redis.RedisEventQueue;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.StoredEnrollment;
import io.enrollmentsync.testing.FakeThinkificApi;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.testing.SampleDeliveries.Delivery;
import io.enrollmentsync.testing.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.JedisPooled;

/**
 * The whole starter in a real Spring Boot app on a random port, against real Redis and
 * PostgreSQL and a fake Thinkific Admin API: the signed sample deliveries go in over HTTP and come
 * out as one row in the application's database; a poll started from the admin API adds the rows
 * the API holds; health and metrics show in Actuator. Spring Security is on the classpath with
 * Boot's defaults, so the test also shows the webhook and the token-guarded admin API passing it
 * while Actuator stays protected. The original deployment's environment names configure the
 * secret and the API credentials.
 *
 * <p>Everything it writes sits under a unique Redis key prefix and unique table names, removed at
 * the end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    // The original deployment's name, mapped by LegacyEnvironmentPostProcessor.
    "THINKIFIC_WEBHOOK_SECRET=" + SampleDeliveries.SECRET,
    "API_KEY=" + FakeThinkificApi.API_KEY,
    "API_SUBDOMAIN=" + FakeThinkificApi.SUBDOMAIN,
    // Polls run only when the admin API asks, so the test decides when.
    "enrollment-sync.poller.initial-delay=1h",
    "enrollment-sync.admin.token=" + EnrollmentSyncEndToEndIT.ADMIN_TOKEN,
    "enrollment-sync.worker.consumers=2",
    "enrollment-sync.worker.poll-timeout=200ms",
    "enrollment-sync.redis.block-time=200ms",
    "enrollment-sync.jdbc.initialize-schema=always",
    "management.endpoints.web.exposure.include=health,metrics,prometheus",
    "management.endpoint.health.show-details=always",
    "spring.security.user.name=ops",
    "spring.security.user.password=ops-password"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnrollmentSyncEndToEndIT {
  static final String ADMIN_TOKEN = "it-admin-token-0123456789";
  private static final String PREFIX = TestServices.uniquePrefix();
  private static final FakeThinkificApi THINKIFIC = FakeThinkificApi.start().putSamplePages();
  private static final String TABLE = PREFIX + "_enrollment";
  private static final String CURSOR_TABLE = PREFIX + "_cursor";
  private static final TestServices.Endpoint REDIS = TestServices.redis();
  private static final TestServices.Database POSTGRES = TestServices.postgres();

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired EnrollmentRepository repository;
  @Autowired EventQueue queue;
  @Autowired EnrollmentSyncLifecycle lifecycle;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("enrollment-sync.redis.host", REDIS::host);
    registry.add("enrollment-sync.redis.port", REDIS::port);
    registry.add("enrollment-sync.redis.key-prefix", () -> PREFIX);
    registry.add("spring.datasource.url", POSTGRES::url);
    registry.add("spring.datasource.username", POSTGRES::user);
    registry.add("spring.datasource.password", POSTGRES::password);
    registry.add("enrollment-sync.jdbc.table-name", () -> TABLE);
    registry.add("enrollment-sync.jdbc.cursor-table-name", () -> CURSOR_TABLE);
    registry.add("enrollment-sync.thinkific.base-url", THINKIFIC::baseUrl);
  }

  @AfterAll
  void removeWhatTheTestWrote() throws Exception {
    // Stop the consumers first, or they would create the consumer group again.
    lifecycle.stop();
    THINKIFIC.close();
    try (JedisPooled redis = new JedisPooled(REDIS.host(), REDIS.port())) {
      RedisKeys.deleteUnder(redis, PREFIX);
    }
    try (Connection c = POSTGRES.connect(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
      s.execute("DROP TABLE IF EXISTS " + CURSOR_TABLE);
    }
  }

  @Test
  void sampleDeliveriesPostedOverHttpEndAsOneCompletedRowInPostgresQueuedThroughRedis()
      throws Exception {
    List<Delivery> all = SampleDeliveries.all();

    for (Delivery d : all.subList(0, 6)) {
      assertThat(post(d).statusCode()).as(d.file()).isBetween(200, 299);
    }
    HttpResponse<String> truncated = post(all.get(6));
    HttpResponse<String> again = post(all.get(0));

    assertThat(truncated.statusCode()).isEqualTo(400);
    assertThat(again.statusCode()).as("duplicate").isEqualTo(200);
    assertThat(queue).isInstanceOf(RedisEventQueue.class);
    await().atMost(Duration.ofSeconds(20)).until(() -> repository.find(880101)
        .map(StoredEnrollment::snapshot).filter(s -> s.completed()).isPresent());
    assertThat(rowsInPostgres(880101)).isEqualTo(1);
    assertThat(lastEventIdInPostgres()).isEqualTo("20250318074411220000444");
  }

  @Test
  void metricsShowInActuatorAndPrometheusBehindSpringSecurity() throws Exception {
    Delivery created = SampleDeliveries.number("01");
    post(created);

    HttpResponse<String> anonymous = get("/actuator/prometheus", null);
    HttpResponse<String> prometheus = get("/actuator/prometheus", "ops:ops-password");
    HttpResponse<String> metric =
        get("/actuator/metrics/enrollmentsync.queue.offer.count", "ops:ops-password");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("enrollmentsync_webhook_outcome_accepted_total")
        .contains("enrollmentsync_queue_depth");
    assertThat(metric.statusCode()).isEqualTo(200);
  }

  @Test
  void aPollStartedFromTheAdminApiQueuesTheApisRowsIntoPostgres() throws Exception {
    HttpResponse<String> withoutToken = postAdmin("/api/enrollments/sync", null);
    HttpResponse<String> sync = postAdmin("/api/enrollments/sync", ADMIN_TOKEN);

    assertThat(withoutToken.statusCode()).isEqualTo(401);
    assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
    assertThat(sync.body()).contains("SUCCESS");
    await().atMost(Duration.ofSeconds(20)).until(() -> repository.find(880102).isPresent()
        && repository.find(880103).isPresent());
    assertThat(rowsInPostgres(880102) + rowsInPostgres(880103)).isEqualTo(2);
    assertThat(THINKIFIC.requests()).isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("x-auth-api-key"))
            .isEqualTo(FakeThinkificApi.API_KEY));
  }

  @Test
  void actuatorHealthShowsTheSyncComponentWithItsChecks() throws Exception {
    HttpResponse<String> health = get("/actuator/health", "ops:ops-password");
    HttpResponse<String> adminMetrics = getAdmin("/api/enrollments/metrics");

    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(health.body()).contains("\"enrollmentSync\"", "\"store\"", "\"consumers\"",
        "\"poller\"");
    assertThat(adminMetrics.statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> postAdmin(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> getAdmin(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri(path))
        .header("Authorization", "Bearer " + ADMIN_TOKEN).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private int rowsInPostgres(long enrollmentId) throws Exception {
    try (Connection c = POSTGRES.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT count(*) FROM " + TABLE + " WHERE enrollment_id = " + enrollmentId)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private String lastEventIdInPostgres() throws Exception {
    return repository.find(880101).orElseThrow().lastEventId();
  }

  private HttpResponse<String> post(Delivery d) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri("/api/webhooks/enrollment"))
        .header("Content-Type", "application/json")
        .header("X-Thinkific-Hmac-Sha256", d.signature())
        .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String basicAuth) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (basicAuth != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** A bare application: everything comes from the auto-configuration. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}
}
