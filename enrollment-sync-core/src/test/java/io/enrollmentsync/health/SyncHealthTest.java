package io.enrollmentsync.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrollmentsync.testing.Events;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyncHealthTest {
  private final Clock clock = Clock.fixed(Events.T0, ZoneOffset.UTC);

  @Test
  void overallStatusIsTheWorstOfTheChecks() {
    SyncHealth health = SyncHealth.builder()
        .clock(clock)
        .check(HealthCheck.of("a", () -> HealthCheckResult.up("a", "fine")))
        .check(HealthCheck.of("b", () -> HealthCheckResult.degraded("b", "late")))
        .build();

    HealthReport report = health.check();

    assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(report.checks()).extracting(HealthCheckResult::name).containsExactly("a", "b");
    assertThat(report.check("b").reason()).isEqualTo("late");
    assertThat(report.checkedAt()).isEqualTo(Events.T0);
  }

  @Test
  void oneDownCheckMakesTheWholeReportDown() {
    SyncHealth health = SyncHealth.builder()
        .check(HealthCheck.of("a", () -> HealthCheckResult.degraded("a", "late")))
        .check(HealthCheck.of("b", () -> HealthCheckResult.down("b", "gone")))
        .check(HealthCheck.of("c", () -> HealthCheckResult.up("c", "fine")))
        .build();

    assertThat(health.check().status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void noChecksAddUpToUp() {
    assertThat(SyncHealth.builder().build().check().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void checkThatThrowsIsDownWithTheExceptionTypeButNotItsMessage() {
    SyncHealth health = SyncHealth.builder()
        .check(HealthCheck.of("db", () -> {
          throw new IllegalStateException("jdbc:postgresql://app:secret@db/app refused");
        }))
        .build();

    HealthCheckResult result = health.check().check("db");

    assertThat(result.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(result.reason()).contains("IllegalStateException").doesNotContain("secret");
  }

  @Test
  void resultIsReportedUnderTheNameOfItsCheck() {
    SyncHealth health = SyncHealth.builder()
        .check(HealthCheck.of("right", () -> HealthCheckResult.up("wrong", "fine")))
        .build();

    assertThat(health.check().checks())
        .extracting(HealthCheckResult::name)
        .containsExactly("right");
  }

  @Test
  void secondCheckWithTheSameNameIsRejected() {
    SyncHealth.Builder builder = SyncHealth.builder()
        .check(HealthCheck.of("store", () -> HealthCheckResult.up("store", "fine")));

    assertThatThrownBy(() -> builder.check(
        HealthCheck.of("store", () -> HealthCheckResult.up("store", "fine"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'store'");
  }

  @Test
  void askingForAnUnknownCheckNamesTheKnownOnes() {
    HealthReport report = SyncHealth.builder()
        .check(HealthCheck.of("store", () -> HealthCheckResult.up("store", "fine")))
        .build()
        .check();

    assertThatThrownBy(() -> report.check("poller"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poller")
        .hasMessageContaining("[store]");
  }
}
