package io.enrollmentsync.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.redis.RedisEventQueue;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.testing.RedisScratch;
import io.enrollmentsync.testing.SampleDeliveries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example on a real Redis, configured by the original environment names as the README's
 * table gives them: every key it writes is under {@code REDIS_KEY_PREFIX}, and {@code
 * SYNC_POLL_INTERVAL} and {@code THINKIFIC_API_BASE_URL} reach the starter's properties.
 */
class SpringBootExampleRedisTest {
  private final RedisScratch redis = new RedisScratch();

  @AfterEach
  void cleanUp() {
    redis.close();
  }

  @Test
  void queueKeysLiveUnderRedisKeyPrefix() throws Exception {
    SampleDeliveries.Delivery delivery = SampleDeliveries.number("01");
    // Command-line arguments stand in for the environment variables: both are read by name
    // before the starter maps the original names onto its properties.
    try (ConfigurableApplicationContext context = SpringApplication.run(SpringBootExample.class,
        "--server.port=0",
        "--spring.datasource.url=jdbc:h2:mem:" + redis.prefix() + ";DB_CLOSE_DELAY=-1",
        "--THINKIFIC_WEBHOOK_SECRET=" + SampleDeliveries.SECRET,
        "--REDIS_HOST=" + redis.host(),
        "--REDIS_PORT=" + redis.port(),
        "--REDIS_KEY_PREFIX=" + redis.prefix(),
        "--SYNC_POLL_INTERVAL=90s",
        "--THINKIFIC_API_BASE_URL=http://127.0.0.1:9/api/public/v1")) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();

      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/webhooks/enrollment"))
          .header("Content-Type", "application/json")
          .header("X-Thinkific-Hmac-Sha256", delivery.signature())
          .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(202);
      assertThat(context.getBean(EventQueue.class)).isInstanceOf(RedisEventQueue.class);
      assertThat(redis.jedis().exists("{" + redis.prefix() + "}:events")).isTrue();
      assertThat(context.getEnvironment().getProperty("enrollment-sync.redis.key-prefix"))
          .isEqualTo(redis.prefix());
      assertThat(context.getEnvironment().getProperty("enrollment-sync.poller.interval"))
          .isEqualTo("90s");
      assertThat(context.getEnvironment().getProperty("enrollment-sync.thinkific.base-url"))
          .isEqualTo("http://127.0.0.1:9/api/public/v1");
    }
  }
}
