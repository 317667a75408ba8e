package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.enrollmentsync.metrics.SyncMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DropwizardMeterBinderTest {
  private final MetricRegistry dropwizard = new MetricRegistry();
  private final SyncMetrics metrics = new SyncMetrics(dropwizard);
  private final SimpleMeterRegistry micrometer = new SimpleMeterRegistry();

  @Test
  void countersCreatedBeforeAndAfterBindingAreReadLive() {
    metrics.webhookOutcome("accepted");
    new DropwizardMeterBinder(dropwizard).bindTo(micrometer);

    metrics.webhookOutcome("accepted");
    metrics.webhookOutcome("duplicate");

    assertThat(counter("enrollmentsync.webhook.outcome.accepted").count()).isEqualTo(2.0);
    assertThat(counter("enrollmentsync.webhook.outcome.duplicate").count()).isEqualTo(1.0);
  }

  @Test
  void gaugesAreReadLiveAndFollowReRegistration() {
    new DropwizardMeterBinder(dropwizard).bindTo(micrometer);
    metrics.gauge(SyncMetrics.name("poll", "cursor_age_seconds"), () -> 5L);

    metrics.gauge(SyncMetrics.name("poll", "cursor_age_seconds"), () -> 42L);

    assertThat(micrometer.find("enrollmentsync.poll.cursor_age_seconds").gauges()).hasSize(1);
    assertThat(micrometer.get("enrollmentsync.poll.cursor_age_seconds").gauge().value())
        .isEqualTo(42.0);
  }

  @Test
  void timersShowTheirCountAndQuantilesInSeconds() {
    new DropwizardMeterBinder(dropwizard).bindTo(micrometer);

    metrics.batchTimer().update(Duration.ofMillis(200));
    metrics.batchTimer().update(Duration.ofMillis(200));

    assertThat(counter("enrollmentsync.apply.batch.count").count()).isEqualTo(2.0);
    TimeGauge max = micrometer.get("enrollmentsync.apply.batch").tag("quantile", "max")
        .timeGauge();
    assertThat(max.value(TimeUnit.MILLISECONDS)).isEqualTo(200.0);
  }

  @Test
  void histogramsShowTheirCountAndQuantiles() {
    new DropwizardMeterBinder(dropwizard).bindTo(micrometer);

    metrics.eventLag().update(30);

    assertThat(counter("enrollmentsync.lag.event_to_applied_ms.count").count()).isEqualTo(1.0);
    Gauge median = micrometer.get("enrollmentsync.lag.event_to_applied_ms")
        .tag("quantile", "0.5").gauge();
    assertThat(median.value()).isEqualTo(30.0);
  }

  @Test
  void leavesMetricsOutsideTheEnrollmentSyncPrefixAlone() {
    dropwizard.counter("host.requests").inc();

    new DropwizardMeterBinder(dropwizard).bindTo(micrometer);

    assertThat(micrometer.find("host.requests").meters()).isEmpty();
  }

  @Test
  void removedMetricsLeaveMicrometer() {
    new DropwizardMeterBinder(dropwizard).bindTo(micrometer);
    metrics.webhookOutcome("accepted");

    dropwizard.remove("enrollmentsync.webhook.outcome.accepted");

    assertThat(micrometer.find("enrollmentsync.webhook.outcome.accepted").meters()).isEmpty();
  }

  private FunctionCounter counter(String name) {
    return micrometer.get(name).functionCounter();
  }
}
