package io.enrollmentsync.spring;

import com.codahale.metrics.MetricRegistry;
import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.memory.InMemoryEnrollmentRepository;
import io.enrollmentsync.memory.InMemoryEventQueue;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.thinkific.ThinkificConfig;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.worker.WorkerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Assembles {@link EnrollmentSync} from the {@code enrollment-sync.*} properties and whatever
 * queue and repository the other auto-configurations (Redis, JDBC) or the application provide.
 * Without them it falls back to the in-memory queue and repository, with a warning: they lose
 * everything on a restart.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = {
    EnrollmentSyncRedisAutoConfiguration.class, EnrollmentSyncJdbcAutoConfiguration.class})
@ConditionalOnClass(EnrollmentSync.class)
@ConditionalOnBooleanProperty(name = "enrollment-sync.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EnrollmentSyncProperties.class)
public final class EnrollmentSyncAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(EnrollmentSyncAutoConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  MetricRegistry enrollmentSyncMetricRegistry() {
    return new MetricRegistry();
  }

  @Bean
  @ConditionalOnMissingBean
  EventQueue enrollmentSyncEventQueue() {
    LOG.warn("enrollment-sync is using an in-memory queue, which loses accepted webhooks on a"
        + " restart and is not for production: set enrollment-sync.redis.host (or REDIS_HOST)");
    return new InMemoryEventQueue();
  }

  @Bean
  @ConditionalOnMissingBean
  EnrollmentRepository enrollmentSyncRepository() {
    LOG.warn("enrollment-sync is using an in-memory repository, which keeps nothing across"
        + " restarts and is not for production: add a DataSource or an EnrollmentRepository bean");
    return new InMemoryEnrollmentRepository();
  }

  @Bean
  @ConditionalOnMissingBean
  WebhookConfig enrollmentSyncWebhookConfig(EnrollmentSyncProperties properties) {
    return CoreSettings.webhook(properties.getWebhook());
  }

  @Bean
  @ConditionalOnMissingBean
  WorkerConfig enrollmentSyncWorkerConfig(EnrollmentSyncProperties properties) {
    return CoreSettings.worker(properties.getWorker());
  }

  @Bean
  @ConditionalOnMissingBean
  EnrollmentSync enrollmentSync(EnrollmentSyncProperties properties, WebhookConfig webhook,
      WorkerConfig worker, EventQueue queue, EnrollmentRepository repository,
      MetricRegistry registry, ObjectProvider<ThinkificConfig> thinkific,
      ObjectProvider<PollerConfig> poller, ObjectProvider<CursorStore> cursors,
      ObjectProvider<PollLease> lease) {
    EnrollmentSync.Builder builder = EnrollmentSync.builder()
        .webhook(webhook)
        .worker(worker)
        .queue(queue)
        .repository(repository)
        .metricRegistry(registry);
    CoreSettings.ifSet(properties.getWorker().getShutdownTimeout(), builder::shutdownTimeout);
    builder.health(CoreSettings.health(properties.getHealth()));
    // The poller runs when EnrollmentSyncPollerAutoConfiguration (or the application) defined
    // its settings; without a shared cursor store and lease the core uses in-memory ones, with
    // a warning.
    ThinkificConfig api = thinkific.getIfUnique();
    PollerConfig pollerConfig = poller.getIfUnique();
    if (api != null && pollerConfig != null) {
      builder.poller(api, pollerConfig);
      cursors.ifUnique(builder::cursorStore);
      lease.ifUnique(builder::pollLease);
    }
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  EnrollmentSyncLifecycle enrollmentSyncLifecycle(EnrollmentSync sync) {
    return new EnrollmentSyncLifecycle(sync);
  }
}
