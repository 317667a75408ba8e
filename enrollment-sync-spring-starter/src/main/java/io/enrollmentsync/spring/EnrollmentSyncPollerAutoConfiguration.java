package io.enrollmentsync.spring;

import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.thinkific.ThinkificConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.context.annotation.Conditional;

/**
 * Runs the poller, which reads the Thinkific Admin API for changes that webhooks missed, when
 * Thinkific credentials are set: {@code enrollment-sync.thinkific.api-key} with {@code subdomain}
 * (or {@code API_KEY} and {@code API_SUBDOMAIN}), or {@code bearer-token}.
 *
 * <p>It defines the poller's settings; {@link EnrollmentSyncAutoConfiguration} hands them to
 * {@code EnrollmentSync}, which builds the poller with the cursor store and lease that the Redis
 * or JDBC auto-configuration defined (in-memory ones otherwise). {@link EnrollmentSyncLifecycle}
 * starts and stops it with the worker, and the admin API's {@code POST .../sync} runs it at once.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = EnrollmentSyncAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "enrollment-sync.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EnrollmentSyncProperties.class)
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
  PollerConfig enrollmentSyncPollerConfig(EnrollmentSyncProperties properties) {
    return CoreSettings.poller(properties.getPoller());
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
