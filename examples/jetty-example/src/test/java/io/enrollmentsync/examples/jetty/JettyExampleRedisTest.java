package io.enrollmentsync.examples.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.testing.RedisScratch;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.webhook.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example on a real Redis: every key it writes is under {@code REDIS_KEY_PREFIX}. */
class JettyExampleRedisTest {
  private final RedisScratch redis = new RedisScratch();
  @TempDir Path dataDir;

  @AfterEach
  void cleanUp() {
    redis.close();
  }

  @Test
  void queueKeysLiveUnderTheConfiguredPrefix() throws Exception {
    SampleDeliveries.Delivery delivery = SampleDeliveries.number("01");
    try (JettyExample example = new JettyExample(ExampleSettings.from(Map.of(
        "THINKIFIC_WEBHOOK_SECRET", SampleDeliveries.SECRET,
        "PORT", "0",
        "DATA_DIR", dataDir.toString(),
        "REDIS_HOST", redis.host(),
        "REDIS_PORT", Integer.toString(redis.port()),
        "REDIS_KEY_PREFIX", redis.prefix(),
        "SYNC_WORKER_ENABLED", "false"))).start()) {

      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + example.port() + JettyExample.WEBHOOK_PATH))
          .header("Content-Type", "application/json")
          .header(WebhookReceiver.SIGNATURE_HEADER, delivery.signature())
          .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(202);
      Set<String> keys = redis.jedis().keys("{" + redis.prefix() + "}:*");
      assertThat(keys).isNotEmpty();
      assertThat(example.sync().queue().stats().ready()).isEqualTo(1);
    }
  }
}
