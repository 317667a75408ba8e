package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.codahale.metrics.MetricRegistry;
import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.memory.InMemoryEnrollmentRepository;
import io.enrollmentsync.memory.InMemoryEventQueue;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.worker.WorkerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class EnrollmentSyncAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(EnrollmentSyncAutoConfiguration.class))
      .withPropertyValues("enrollment-sync.webhook.secrets=" + SampleDeliveries.SECRET,
          "enrollment-sync.worker.poll-timeout=100ms", "enrollment-sync.worker.consumers=1");

  @Test
  void withoutRedisOrDataSourceUsesInMemoryPartsAndWarnsTheyAreNotForProduction(
      CapturedOutput output) {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).getBean(EventQueue.class).isInstanceOf(InMemoryEventQueue.class);
      assertThat(context).getBean(EnrollmentRepository.class)
          .isInstanceOf(InMemoryEnrollmentRepository.class);
      assertThat(output).contains("in-memory queue", "in-memory repository",
          "not for production");
    });
  }

  @Test
  void startsTheWorkerWithTheContextAndStopsItWhenTheContextCloses() {
    EnrollmentSync[] sync = new EnrollmentSync[1];

    runner.run(context -> {
      sync[0] = context.getBean(EnrollmentSync.class);
      assertThat(sync[0].worker().isRunning()).isTrue();
      assertThat(context.getBean(EnrollmentSyncLifecycle.class).isRunning()).isTrue();
    });

    assertThat(sync[0].worker().isRunning()).isFalse();
  }

  @Test
  void theWorkerHasStoppedBeforeAnyBeanHoldingAPoolIsDestroyed() {
    boolean[] workerRunningAtDestroy = {true};

    runner.run(context -> {
      EnrollmentSync sync = context.getBean(EnrollmentSync.class);
      DisposableBean recordingPool = () -> workerRunningAtDestroy[0] = sync.worker().isRunning();
      ((DefaultListableBeanFactory) context.getBeanFactory())
          .registerDisposableBean("recordingPool", recordingPool);
    });

    assertThat(workerRunningAtDestroy[0]).isFalse();
  }

  @Test
  void theLifecycleStopsAfterTheWebServerHasStoppedTakingRequests() {
    // Higher phases stop first: Boot's graceful shutdown and web server stop, then the worker.
    assertThat(EnrollmentSyncLifecycle.PHASE)
        .isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE)
        .isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
  }

  @Test
  void mapsPropertiesOntoTheCoreSettings() {
    runner.withPropertyValues(
        "enrollment-sync.webhook.secrets=old-key,new-key",
        "enrollment-sync.webhook.max-body-size=64KB",
        "enrollment-sync.webhook.retry-after=9s",
        "enrollment-sync.webhook.allow-unsigned=true",
        "enrollment-sync.worker.consumers=3",
        "enrollment-sync.worker.batch-size=50",
        "enrollment-sync.worker.max-attempts=4",
        "enrollment-sync.worker.initial-backoff=2s",
        "enrollment-sync.worker.consumer-name-prefix=web-1").run(context -> {
          WebhookConfig webhook = context.getBean(WebhookConfig.class);
          WorkerConfig worker = context.getBean(WorkerConfig.class);

          assertThat(webhook.secrets()).containsExactly("old-key", "new-key");
          assertThat(webhook.maxBodyBytes()).isEqualTo(64 * 1024);
          assertThat(webhook.retryAfter()).isEqualTo(Duration.ofSeconds(9));
          assertThat(webhook.allowUnsigned()).isTrue();
          assertThat(worker.consumers()).isEqualTo(3);
          assertThat(worker.batchSize()).isEqualTo(50);
          assertThat(worker.maxAttempts()).isEqualTo(4);
          assertThat(worker.initialBackoff()).isEqualTo(Duration.ofSeconds(2));
          assertThat(worker.maxBackoff()).isEqualTo(WorkerConfig.builder().build().maxBackoff());
          assertThat(worker.consumerNamePrefix()).isEqualTo("web-1");
        });
  }

  @Test
  void unsetPropertiesKeepTheCoreDefaults() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EnrollmentSyncAutoConfiguration.class))
        .withPropertyValues("enrollment-sync.webhook.secrets=k").run(context -> {
          WorkerConfig defaults = WorkerConfig.builder().build();
          WorkerConfig worker = context.getBean(WorkerConfig.class);
          WebhookConfig webhook = context.getBean(WebhookConfig.class);

          assertThat(worker.consumers()).isEqualTo(defaults.consumers());
          assertThat(worker.batchSize()).isEqualTo(defaults.batchSize());
          assertThat(worker.maxBackoff()).isEqualTo(defaults.maxBackoff());
          assertThat(webhook.maxBodyBytes()).isEqualTo(WebhookConfig.DEFAULT_MAX_BODY_BYTES);
          assertThat(webhook.allowUnsigned()).isFalse();
        });
  }

  @Test
  void withoutASigningKeyStartupFailsNamingThePropertyAndTheEnvironmentName() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EnrollmentSyncAutoConfiguration.class))
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("enrollment-sync.webhook.secrets")
              .hasMessageContaining("THINKIFIC_WEBHOOK_SECRET");
        });
  }

  @Test
  void aWorkerValueTheCoreRejectsFailsStartupNamingTheProperty() {
    runner.withPropertyValues("enrollment-sync.worker.batch-size=0").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageContaining("invalid enrollment-sync.worker.batch-size")
          .hasMessageContaining("batchSize must be from 1 to 10000, but was 0");
    });
  }

  @Test
  void aBackoffCapBelowTheInitialBackoffFailsStartupNamingBothSettings() {
    runner.withPropertyValues("enrollment-sync.worker.initial-backoff=10s",
        "enrollment-sync.worker.max-backoff=2s").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("enrollment-sync.worker")
              .hasMessageContaining("maxBackoff (PT2S) must not be shorter than initialBackoff");
        });
  }

  @Test
  void aWebhookPathWithoutLeadingSlashFailsStartupNamingTheProperty() {
    runner.withPropertyValues("enrollment-sync.webhook.path=hooks").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageContaining("invalid enrollment-sync.webhook.path")
          .hasMessageContaining("'hooks'");
    });
  }

  @Test
  void aBodyLimitOfZeroFailsStartupNamingTheProperty() {
    runner.withPropertyValues("enrollment-sync.webhook.max-body-size=0B").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageContaining("invalid enrollment-sync.webhook.max-body-size");
    });
  }

  @Test
  void withoutARedisHostCreatesNoRedisClient() {
    runner.withConfiguration(AutoConfigurations.of(EnrollmentSyncRedisAutoConfiguration.class))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(EnrollmentSyncRedisAutoConfiguration.JEDIS_BEAN_NAME));
  }

  @Test
  void aRedisKeyPrefixTheCoreRejectsFailsStartupNamingThePropertyBeforeConnecting() {
    runner.withConfiguration(AutoConfigurations.of(EnrollmentSyncRedisAutoConfiguration.class))
        .withPropertyValues("enrollment-sync.redis.host=redis.invalid",
            "enrollment-sync.redis.key-prefix={braces}")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("invalid enrollment-sync.redis.key-prefix");
        });
  }

  @Test
  void aRedisSocketTimeoutNotAboveTheBlockingReadFailsStartupNamingTheProperty() {
    runner.withConfiguration(AutoConfigurations.of(EnrollmentSyncRedisAutoConfiguration.class))
        .withPropertyValues("enrollment-sync.redis.host=redis.invalid",
            "enrollment-sync.redis.timeout=1s", "enrollment-sync.redis.block-time=2s")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("invalid enrollment-sync.redis.timeout")
              .hasMessageContaining("blocking read time (PT2S)");
        });
  }

  @Test
  void whenDisabledCreatesNoBeanAndNeedsNoSigningKey() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EnrollmentSyncAutoConfiguration.class))
        .withPropertyValues("enrollment-sync.enabled=false").run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(EnrollmentSync.class);
          assertThat(context).doesNotHaveBean(EventQueue.class);
        });
  }

  @Test
  void usesTheApplicationsQueueRepositoryAndRegistryInsteadOfItsOwn() {
    runner.withUserConfiguration(HostParts.class).run(context -> {
      EnrollmentSync sync = context.getBean(EnrollmentSync.class);

      assertThat(context).getBeans(EventQueue.class).hasSize(1);
      assertThat(sync.queue()).isSameAs(context.getBean("hostQueue"));
      assertThat(sync.repository()).isSameAs(context.getBean("hostRepository"));
      assertThat(sync.metrics().registry()).isSameAs(context.getBean("hostRegistry"));
    });
  }

  @Test
  void usesTheApplicationsCoreSettingsInsteadOfTheProperties() {
    runner.withUserConfiguration(HostSettings.class).run(context -> {
      assertThat(context).getBean(WorkerConfig.class).isSameAs(context.getBean("hostWorker"));
      assertThat(context).getBean(WebhookConfig.class).isSameAs(context.getBean("hostWebhook"));
      assertThat(context.getBean(EnrollmentSync.class).worker().config().batchSize())
          .isEqualTo(7);
    });
  }

  @Test
  void usesTheApplicationsEnrollmentSyncAndLifecycleInsteadOfItsOwn() {
    runner.withUserConfiguration(HostSync.class).run(context -> {
      assertThat(context).getBeans(EnrollmentSync.class).hasSize(1);
      assertThat(context).getBean(EnrollmentSync.class).isSameAs(context.getBean("hostSync"));
      assertThat(context).getBean(EnrollmentSyncLifecycle.class)
          .isSameAs(context.getBean("hostLifecycle"));
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class HostParts {
    @Bean
    EventQueue hostQueue() {
      return new InMemoryEventQueue();
    }

    @Bean
    EnrollmentRepository hostRepository() {
      return mock(EnrollmentRepository.class);
    }

    @Bean
    MetricRegistry hostRegistry() {
      return new MetricRegistry();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class HostSettings {
    @Bean
    WorkerConfig hostWorker() {
      return WorkerConfig.builder().batchSize(7).pollTimeout(Duration.ofMillis(100)).build();
    }

    @Bean
    WebhookConfig hostWebhook() {
      return WebhookConfig.builder().secret("host-key").build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class HostSync {
    @Bean
    EnrollmentSync hostSync() {
      return EnrollmentSync.builder()
          .webhook(WebhookConfig.builder().secret("host-key").build())
          .queue(new InMemoryEventQueue())
          .repository(new InMemoryEnrollmentRepository())
          .build();
    }

    @Bean
    EnrollmentSyncLifecycle hostLifecycle(EnrollmentSync sync) {
      return new EnrollmentSyncLifecycle(sync);
    }
  }
}
