package io.enrollmentsync.spring;

import com.codahale.metrics.MetricRegistry;
import io.enrollmentsync.EnrollmentSync;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Binds the enrollment-sync metrics to Micrometer when Micrometer is present, so that they show in
 * {@code /actuator/metrics} and in Prometheus scrapes.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EnrollmentSyncAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(EnrollmentSync.class)
public final class EnrollmentSyncMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  DropwizardMeterBinder enrollmentSyncMeterBinder(EnrollmentSync sync) {
    MetricRegistry registry = sync.metrics().registry();
    return new DropwizardMeterBinder(registry);
  }
}
