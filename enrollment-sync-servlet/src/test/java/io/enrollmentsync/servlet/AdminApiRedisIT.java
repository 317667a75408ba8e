package io.enrollmentsync.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.redis.RedisEventQueue;
import io.enrollmentsync.redis.RedisQueueConfig;
import io.enrollmentsync.servlet.TestServer.Answer;
import io.enrollmentsync.testing.FailingRepository;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.testing.TestServices;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.worker.WorkerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The admin API over HTTP on the real Redis queue, whose dead-letter ids are stream ids. */
class AdminApiRedisIT {
  private static final String TOKEN = "test-admin-token-redis-4c2e8a";
  private static final String AUTH = "Bearer " + TOKEN;
  private static final long ENROLLMENT = 880101;

  private final String prefix = TestServices.uniquePrefix();
  private final TestServices.Endpoint endpoint = TestServices.redis();
  private final JedisPooled redis = new JedisPooled(endpoint.host(), endpoint.port());
  private final RedisEventQueue queue = new RedisEventQueue(redis, RedisQueueConfig.builder()
      .keyPrefix(prefix).blockTime(Duration.ofMillis(100)).build());
  private final FailingRepository repository = new FailingRepository();
  private final EnrollmentSync sync = EnrollmentSync.builder()
      .webhook(WebhookConfig.builder().secret(SampleDeliveries.SECRET).build())
      .queue(queue)
      .repository(repository)
      .worker(WorkerConfig.builder().pollTimeout(Duration.ofMillis(100)).maxAttempts(1)
          .consumerNamePrefix(prefix).build())
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
    for (String key : keys()) {
      redis.del(key);
    }
    redis.close();
  }

  @Test
  void deadLetterOnRedisIsListedReplayedAndDiscardedOverHttp() throws Exception {
    server = new TestServer(sync, AdminOptions.builder().token(TOKEN).build());
    repository.failFor(ENROLLMENT);
    server.postDelivery(SampleDeliveries.number("01"));
    server.postDelivery(SampleDeliveries.number("02"));
    await().atMost(Duration.ofSeconds(15)).until(() -> queue.deadLetters().size() == 2);

    JsonNode list = server.call("GET", "/api/enrollments/dead-letters", "Authorization", AUTH)
        .json();
    String first = list.path("items").path(0).path("id").asText();
    String second = list.path("items").path(1).path("id").asText();
    Answer shown = server.call("GET", "/api/enrollments/dead-letters/" + first,
        "Authorization", AUTH);
    repository.heal();
    Answer replayed = server.call("POST", "/api/enrollments/dead-letters/" + first + "/replay",
        "Authorization", AUTH);
    await().atMost(Duration.ofSeconds(15)).until(() -> repository.find(ENROLLMENT).isPresent());
    Answer discarded = server.call("DELETE", "/api/enrollments/dead-letters/" + second,
        "Authorization", AUTH);
    JsonNode metrics = server.call("GET", "/api/enrollments/metrics", "Authorization", AUTH)
        .json();

    assertThat(list.path("total").asLong()).isEqualTo(2);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.json().path("enrollmentId").asLong()).isEqualTo(ENROLLMENT);
    assertThat(shown.body()).doesNotContain("@example.com");
    assertThat(replayed.json().path("replayed").asBoolean()).isTrue();
    assertThat(discarded.json().path("discarded").asBoolean()).isTrue();
    assertThat(queue.deadLetters().size()).isZero();
    assertThat(metrics.path("health").path("status").asText()).isEqualTo("UP");
    assertThat(metrics.path("queue").path("available").asBoolean()).isTrue();
    assertThat(metrics.path("counters").path("enrollmentsync.apply.dead_lettered").asLong())
        .isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999-0", "0-99999999999999999999",
      "18446744073709551616-0", "9223372036854775808-0"})
  void deadLetterIdOutOfRangeIs400AsAfterAnd404AsAPathNever5xx(String id) throws Exception {
    server = new TestServer(sync, AdminOptions.builder().token(TOKEN).build());
    String base = "/api/enrollments/dead-letters";

    Answer list = server.call("GET", base + "?after=" + id, "Authorization", AUTH);
    Answer shown = server.call("GET", base + "/" + id, "Authorization", AUTH);
    Answer replayed = server.call("POST", base + "/" + id + "/replay", "Authorization", AUTH);
    Answer discarded = server.call("DELETE", base + "/" + id, "Authorization", AUTH);
    JsonNode metrics = server.call("GET", "/api/enrollments/metrics", "Authorization", AUTH)
        .json();

    assertThat(list.status()).isEqualTo(400);
    assertThat(list.json().path("error").asText()).isEqualTo("bad_after");
    assertThat(list.header("Retry-After")).isNull();
    assertThat(List.of(shown, replayed, discarded)).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(404);
      assertThat(a.json().path("error").asText()).isEqualTo("not_found");
      assertThat(a.header("Retry-After")).isNull();
    });
    assertThat(metrics.path("queue").path("available").asBoolean()).isTrue();
  }

  @Test
  void afterThatIsADashNamesTheStreamIdFormatUngarbled() throws Exception {
    server = new TestServer(sync, AdminOptions.builder().token(TOKEN).build());

    Answer answer = server.call("GET", "/api/enrollments/dead-letters?after=-",
        "Authorization", AUTH);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("error").asText()).isEqualTo("bad_after");
    assertThat(answer.json().path("message").asText())
        .contains("must be a dead-letter id such as 1700000000000-0")
        .contains("but was '<after>'")
        .doesNotContain("dead<after>letter");
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    ScanParams params = new ScanParams().match("*" + prefix + "*").count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, params);
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }
}
