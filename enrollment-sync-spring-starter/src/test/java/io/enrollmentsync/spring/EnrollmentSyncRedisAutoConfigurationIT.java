package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.redis.RedisCursorStore;
import io.enrollmentsync.redis.RedisEventQueue;
import io.enrollmentsync.redis.RedisPollLease;
import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.redis.RedisQueueConfig;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.testing.LocalRedisCluster;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.testing.TestServices;
import io.enrollmentsync.webhook.WebhookRequest;
import io.enrollmentsync.webhook.WebhookResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/** The Redis auto-configuration against a real Redis, each test under its own key prefix. */
class EnrollmentSyncRedisAutoConfigurationIT {
  private static final TestServices.Endpoint REDIS = TestServices.redis();

  private final String keyPrefix = TestServices.uniquePrefix();
  private final JedisPooled cleanup = new JedisPooled(REDIS.host(), REDIS.port());
  /** Everything but the Redis address. */
  private final ApplicationContextRunner withoutHost = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          EnrollmentSyncRedisAutoConfiguration.class, EnrollmentSyncAutoConfiguration.class))
      .withPropertyValues("enrollment-sync.webhook.secrets=" + SampleDeliveries.SECRET,
          "enrollment-sync.worker.poll-timeout=100ms", "enrollment-sync.worker.consumers=1",
          "enrollment-sync.redis.key-prefix=" + keyPrefix,
          "enrollment-sync.redis.block-time=100ms");
  private final ApplicationContextRunner runner = withoutHost.withPropertyValues(
      "enrollment-sync.redis.host=" + REDIS.host(), "enrollment-sync.redis.port=" + REDIS.port());

  @AfterEach
  void deleteKeys() {
    RedisKeys.deleteUnder(cleanup, keyPrefix);
    cleanup.close();
  }

  @Test
  void withARedisHostQueueCursorAndLeaseLiveInRedisAndWebhooksAreApplied() {
    runner.run(context -> {
      EnrollmentSync sync = context.getBean(EnrollmentSync.class);
      SampleDeliveries.Delivery created = SampleDeliveries.number("01");

      WebhookResponse answer = sync.receiver().receive(request(created));

      assertThat(context).getBean(EventQueue.class).isInstanceOf(RedisEventQueue.class);
      assertThat(context).getBean(CursorStore.class).isInstanceOf(RedisCursorStore.class);
      assertThat(context).getBean(PollLease.class).isInstanceOf(RedisPollLease.class);
      assertThat(answer.status()).isEqualTo(202);
      assertThat(RedisKeys.under(cleanup, keyPrefix)).isNotEmpty();
      await().atMost(Duration.ofSeconds(10)).until(
          () -> context.getBean(EnrollmentRepository.class).find(880101).isPresent());
    });
  }

  @Test
  void mapsTheRedisPropertiesOntoTheQueueSettings() {
    runner.withPropertyValues("enrollment-sync.redis.consumer-group=web",
        "enrollment-sync.redis.dedupe-ttl=2d", "enrollment-sync.redis.visibility-timeout=45s",
        "enrollment-sync.redis.dead-letter-max-length=500").run(context -> {
          RedisQueueConfig config = ((RedisEventQueue) context.getBean(EventQueue.class)).config();

          assertThat(config.keyPrefix()).isEqualTo(keyPrefix);
          assertThat(config.group()).isEqualTo("web");
          assertThat(config.dedupeTtl()).isEqualTo(Duration.ofDays(2));
          assertThat(config.visibilityTimeout()).isEqualTo(Duration.ofSeconds(45));
          assertThat(config.deadLetterMaxLength()).isEqualTo(500);
          assertThat(config.blockTime()).isEqualTo(Duration.ofMillis(100));
        });
  }

  @Test
  void usesTheApplicationsJedisClientWhenItIsNamedEnrollmentSyncJedis() {
    runner.withUserConfiguration(HostJedis.class).run(context -> {
      assertThat(context).getBeans(JedisPooled.class).hasSize(1);
      assertThat(context.getBean(EnrollmentSyncRedisAutoConfiguration.JEDIS_BEAN_NAME))
          .isSameAs(context.getBean(HostJedis.class).client);
    });
  }

  @Test
  void runsOnTheApplicationsJedisClusterNamedEnrollmentSyncJedisWithoutAHost() throws Exception {
    try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
      withoutHost.withBean(EnrollmentSyncRedisAutoConfiguration.JEDIS_BEAN_NAME, UnifiedJedis.class,
          cluster::connect).run(context -> {
            SampleDeliveries.Delivery created = SampleDeliveries.number("01");

            WebhookResponse answer =
                context.getBean(EnrollmentSync.class).receiver().receive(request(created));

            assertThat(context.getBean(EnrollmentSyncRedisAutoConfiguration.JEDIS_BEAN_NAME))
                .isInstanceOf(JedisCluster.class);
            assertThat(context).getBean(EventQueue.class).isInstanceOf(RedisEventQueue.class);
            assertThat(context).getBean(CursorStore.class).isInstanceOf(RedisCursorStore.class);
            assertThat(answer.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(
                () -> context.getBean(EnrollmentRepository.class).find(880101).isPresent());
          });
    }
  }

  @Test
  void usesTheApplicationsQueueInsteadOfTheRedisQueue() {
    runner.withUserConfiguration(HostQueue.class).run(context -> {
      assertThat(context).getBeans(EventQueue.class).hasSize(1);
      assertThat(context.getBean(EventQueue.class)).isSameAs(context.getBean("hostQueue"));
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class HostJedis {
    final JedisPooled client = new JedisPooled(REDIS.host(), REDIS.port());

    @Bean(destroyMethod = "close")
    JedisPooled enrollmentSyncJedis() {
      return client;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class HostQueue {
    @Bean
    EventQueue hostQueue() {
      return new io.enrollmentsync.memory.InMemoryEventQueue();
    }
  }

  private static WebhookRequest request(SampleDeliveries.Delivery delivery) {
    byte[] body = delivery.body();
    return new WebhookRequest() {
      @Override
      public List<String> headers(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
          case "x-thinkific-hmac-sha256" -> List.of(delivery.signature());
          case "x-thinkific-topic" -> List.of(delivery.topic());
          case "content-type" -> List.of("application/json");
          default -> List.of();
        };
      }

      @Override
      public long contentLength() {
        return body.length;
      }

      @Override
      public InputStream body() {
        return new ByteArrayInputStream(body);
      }
    };
  }
}
