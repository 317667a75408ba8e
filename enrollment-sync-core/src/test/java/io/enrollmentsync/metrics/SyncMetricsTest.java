package io.enrollmentsync.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import io.enrollmentsync.testing.Events;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SyncMetricsTest {
  private final SyncMetrics metrics = new SyncMetrics();
  private final Clock clock = Clock.fixed(Events.T0, ZoneOffset.UTC);

  @Test
  void pollerGaugesReadTheAgesOfCursorAndLastSuccess() {
    metrics.registerPollerGauges(
        () -> Events.T0.minusSeconds(300), () -> Events.T0.minusSeconds(90), clock);

    assertThat(gauge("poll.cursor_age_seconds")).isEqualTo(300L);
    assertThat(gauge("poll.last_success_age_seconds")).isEqualTo(90L);
    assertThat(gauge("poll.last_success_epoch_ms"))
        .isEqualTo(Events.T0.minusSeconds(90).toEpochMilli());
  }

  @Test
  void pollerGaugesReadMinusOneAndZeroBeforeTheFirstRun() {
    AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    metrics.registerPollerGauges(() -> null, lastSuccess::get, clock);

    Object before = gauge("poll.last_success_age_seconds");
    lastSuccess.set(Events.T0.minusSeconds(5));
    Object after = gauge("poll.last_success_age_seconds");

    assertThat(gauge("poll.cursor_age_seconds")).isEqualTo(-1L);
    assertThat(gauge("poll.last_success_epoch_ms")).isEqualTo(Events.T0.minusSeconds(5)
        .toEpochMilli());
    assertThat(before).isEqualTo(-1L);
    assertThat(after).isEqualTo(5L);
  }

  @Test
  void adminDenialsAreCountedByReason() {
    metrics.adminDenied("wrong");
    metrics.adminDenied("wrong");
    metrics.adminDenied("missing");

    assertThat(metrics.registry().counter("enrollmentsync.admin.denied.wrong").getCount())
        .isEqualTo(2);
    assertThat(metrics.registry().counter("enrollmentsync.admin.denied.missing").getCount())
        .isEqualTo(1);
  }

  private Object gauge(String name) {
    Gauge<?> gauge = metrics.registry().getGauges().get(SyncMetrics.PREFIX + "." + name);
    assertThat(gauge).as(name).isNotNull();
    return gauge.getValue();
  }
}
