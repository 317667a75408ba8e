package io.enrollmentsync.spring;

import io.enrollmentsync.EnrollmentSync;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Adds the {@code enrollmentSync} component to Actuator's health when Spring Boot's health
 * support is present: the checks of {@code EnrollmentSync.health()}, which are the store, the
 * consumers, the dead letters and, when it runs, the poller.
 * {@code management.health.enrollmentsync.enabled=false} leaves it out.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EnrollmentSyncAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(EnrollmentSync.class)
@ConditionalOnEnabledHealthIndicator("enrollmentsync")
public final class EnrollmentSyncHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "enrollmentSyncHealthIndicator")
  EnrollmentSyncHealthIndicator enrollmentSyncHealthIndicator(EnrollmentSync sync) {
    return new EnrollmentSyncHealthIndicator(sync.health());
  }
}
