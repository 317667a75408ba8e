package io.enrollmentsync.spring;

import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.health.HealthChecks;
import io.enrollmentsync.health.HealthConfig;
import io.enrollmentsync.health.SyncHealth;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.poller.SyncPoller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Adds the {@code enrollmentSync} component to Actuator's health when Spring Boot's health
 * support is present: the store, the consumers, the dead letters and, when it runs, the poller.
 * {@code management.health.enrollmentsync.enabled=false} leaves it out.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = {
    EnrollmentSyncAutoConfiguration.class, EnrollmentSyncPollerAutoConfiguration.class})
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(EnrollmentSync.class)
@ConditionalOnEnabledHealthIndicator("enrollmentsync")
public final class EnrollmentSyncHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "enrollmentSyncHealthIndicator")
  EnrollmentSyncHealthIndicator enrollmentSyncHealthIndicator(EnrollmentSync sync,
      ObjectProvider<SyncPoller> poller, ObjectProvider<PollerConfig> pollerConfig) {
    List<SyncHealth> parts = new ArrayList<>();
    parts.add(sync.health());
    SyncPoller running = poller.getIfUnique();
    if (running != null) {
      PollerConfig config = pollerConfig.getIfUnique(() -> PollerConfig.builder().build());
      Clock clock = Clock.systemUTC();
      parts.add(SyncHealth.builder()
          .check(HealthChecks.poller(new PollerHealthState(running, config.interval(), clock),
              clock, HealthConfig.DEFAULTS.pollerIntervals()))
          .build());
    }
    return new EnrollmentSyncHealthIndicator(parts);
  }
}
