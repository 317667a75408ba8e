package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.testing.SampleDeliveries;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class EnrollmentSyncMetricsAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(EnrollmentSyncAutoConfiguration.class,
          EnrollmentSyncMetricsAutoConfiguration.class))
      .withPropertyValues("enrollment-sync.webhook.secrets=" + SampleDeliveries.SECRET,
          "enrollment-sync.worker.poll-timeout=100ms", "enrollment-sync.worker.consumers=1");

  @Test
  void bindsTheSystemsOwnRegistryToMicrometer() {
    runner.run(context -> {
      SimpleMeterRegistry micrometer = new SimpleMeterRegistry();
      context.getBean(DropwizardMeterBinder.class).bindTo(micrometer);

      context.getBean(EnrollmentSync.class).metrics().webhookOutcome("accepted");

      assertThat(micrometer.get("enrollmentsync.webhook.outcome.accepted").functionCounter()
          .count()).isEqualTo(1.0);
    });
  }

  @Test
  void keepsTheApplicationsBinder() {
    DropwizardMeterBinder host = new DropwizardMeterBinder(new MetricRegistry());

    runner.withBean(DropwizardMeterBinder.class, () -> host).run(context -> assertThat(context)
        .getBean(DropwizardMeterBinder.class).isSameAs(host));
  }

  @Test
  void withoutMicrometerBindsNothing() {
    runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(DropwizardMeterBinder.class));
  }
}
