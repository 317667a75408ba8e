package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.redis.RedisEventQueue;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.StoredEnrollment;
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
 * PostgreSQL: the signed sample deliveries go in over HTTP and come out as one row in the
 * application's database, with the metrics in Actuator. Spring Security is on the classpath with
 * Boot's defaults, so the test also shows the webhook passing it while Actuator stays protected.
 *
 * <p>Everything it writes sits under a unique Redis key prefix and unique table names, removed at
 * the end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    // The original deployment's name, mapped by LegacyEnvironmentPostProcessor.
    "THINKIFIC_WEBHOOK_SECRET=" + SampleDeliveries.SECRET,
    "enrollment-sync.worker.consumers=2",
    "enrollment-sync.worker.poll-timeout=200ms",
    "enrollment-sync.redis.block-time=200ms",
    "enrollment-sync.jdbc.initialize-schema=always",
    "management.endpoints.web.exposure.include=health,metrics,prometheus",
    "spring.security.user.name=ops",
    "spring.security.user.password=ops-password"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnrollmentSyncEndToEndIT {
  private static final String PREFIX = TestServices.uniquePrefix();
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
  }

  @AfterAll
  void removeWhatTheTestWrote() throws Exception {
    // Stop the consumers first, or they would create the consumer group again.
    lifecycle.stop();
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
    assertThat(rowsInPostgres()).isEqualTo(1);
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

  private int rowsInPostgres() throws Exception {
    try (Connection c = POSTGRES.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
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
