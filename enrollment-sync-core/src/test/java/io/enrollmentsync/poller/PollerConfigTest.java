package io.enrollmentsync.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollerConfigTest {

  @Test
  void defaultsPollEveryThreeMinutesWithATwoMinuteOverlap() {
    PollerConfig config = PollerConfig.builder().build();

    assertThat(config.interval()).isEqualTo(Duration.ofMinutes(3));
    assertThat(config.overlap()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.backfillFrom()).isNull();
  }

  @Test
  void intervalBelowOneMinuteIsRejectedWithTheValueAndTheRange() {
    assertThatThrownBy(() -> PollerConfig.builder().interval(Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT30S").hasMessageContaining("PT1M");
  }

  @Test
  void overlapBelowOneSecondIsRejectedBecauseFiltersCompareWholeSeconds() {
    assertThatThrownBy(() -> PollerConfig.builder().overlap(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlap");
  }

  @Test
  void jitterAboveHalfTheIntervalIsRejectedAtBuild() {
    assertThatThrownBy(() -> PollerConfig.builder().interval(Duration.ofMinutes(1))
        .jitter(Duration.ofSeconds(45)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("half the interval");
  }
}
