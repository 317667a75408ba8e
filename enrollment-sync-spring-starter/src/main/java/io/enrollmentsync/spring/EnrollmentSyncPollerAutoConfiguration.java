package io.enrollmentsync.spring;

import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.poller.SyncPoller;
import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.thinkific.ThinkificClient;
import io.enrollmentsync.thinkific.ThinkificConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.context.annotation.Conditional;

/**
 * Runs the poller, which reads the Thinkific Admin API for changes that webhooks missed, when
 * Thinkific credentials are set: {@code enrollment-sync.thinkific.api-key} with {@code subdomain}
 * (or {@code API_KEY} and {@code API_SUBDOMAIN}), or {@code bearer-token}.
 *
 * <p>It uses the cursor store and lease that the Redis or JDBC auto-configuration defined, or the
 * in-memory ones. {@link EnrollmentSyncLifecycle} starts and stops it with the worker, and the
 * admin API's {@code POST .../sync} runs it at once.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EnrollmentSyncAutoConfiguration.class)
@ConditionalOnBean(EnrollmentSync.class)
@ConditionalOnBooleanProperty(name = "enrollment-sync.poller.enabled", matchIfMissing = true)
@Conditional(EnrollmentSyncPollerAutoConfiguration.ThinkificCredentials.class)
public final class EnrollmentSyncPollerAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ThinkificConfig enrollmentSyncThinkificConfig(EnrollmentSyncProperties properties) {
    return CoreSettings.thinkific(properties.getThinkific());
  }

  @Bean
  @ConditionalOnMissingBean
  ThinkificClient enrollmentSyncThinkificClient(ThinkificConfig config, EnrollmentSync sync) {
    return new ThinkificClient(config, sync.metrics());
  }

  @Bean
  @ConditionalOnMissingBean
  PollerConfig enrollmentSyncPollerConfig(EnrollmentSyncProperties properties) {
    return CoreSettings.poller(properties.getPoller());
  }

  @Bean
  @ConditionalOnMissingBean
  SyncPoller enrollmentSyncPoller(ThinkificClient client, PollerConfig config, EnrollmentSync sync,
      CursorStore cursors, PollLease lease) {
    return SyncPoller.builder()
        .client(client)
        .queue(sync.queue())
        .cursors(cursors)
        .lease(lease)
        .config(config)
        .metrics(sync.metrics())
        .build();
  }

  /** Matches when an API key or a bearer token is set. */
  static final class ThinkificCredentials extends AnyNestedCondition {
    ThinkificCredentials() {
      super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty("enrollment-sync.thinkific.api-key")
    static final class ApiKey {}

    @ConditionalOnProperty("enrollment-sync.thinkific.bearer-token")
    static final class BearerToken {}
  }
}
