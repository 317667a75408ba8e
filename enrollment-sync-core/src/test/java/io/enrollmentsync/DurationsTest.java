package io.enrollmentsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsNumbersWithUnitsAsPeopleWriteThem() {
    assertThat(Durations.parse("3m")).isEqualTo(Duration.ofMinutes(3));
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse(" 1H ")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void readsIso8601() {
    assertThat(Durations.parse("PT3M")).isEqualTo(Duration.ofMinutes(3));
    assertThat(Durations.parse("pt1m30s")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void bareNumberIsRejectedWithTheValueAndTheAcceptedForms() {
    assertThatThrownBy(() -> Durations.parse("3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'3'")
        .hasMessageContaining("3m")
        .hasMessageContaining("PT3M");
  }

  @Test
  void unknownUnitAndTrailingTextAreRejected() {
    assertThatThrownBy(() -> Durations.parse("3x")).hasMessageContaining("'3x'");
    assertThatThrownBy(() -> Durations.parse("3m later")).hasMessageContaining("'3m later'");
  }

  @Test
  void negativeAndEmptyDurationsAreRejected() {
    assertThatThrownBy(() -> Durations.parse("-PT3M")).hasMessageContaining("negative");
    assertThatThrownBy(() -> Durations.parse("  ")).hasMessageContaining("empty");
  }
}
