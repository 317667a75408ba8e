package io.enrollmentsync.spring;

import io.enrollmentsync.health.HealthCheckResult;
import io.enrollmentsync.health.HealthReport;
import io.enrollmentsync.health.HealthStatus;
import io.enrollmentsync.health.SyncHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports {@link SyncHealth} to Actuator as the {@code enrollmentSync} health component: one
 * detail per check (store, consumers, dead letters, poller) with its status and reason.
 *
 * <p>{@link HealthStatus#DOWN} is Actuator's DOWN. {@link HealthStatus#DEGRADED} (such as dead
 * letters waiting for an operator) is reported as UP with {@code "degraded": true}, since the
 * system still works: a custom status would rank above DOWN in Spring Boot's default status
 * order and could hide a real outage in the aggregate.
 *
 * @since 0.1.0
 */
public final class EnrollmentSyncHealthIndicator implements HealthIndicator {
  private final SyncHealth health;

  /**
   * Creates the indicator.
   *
   * @param health the checks, usually {@code EnrollmentSync.health()}
   */
  public EnrollmentSyncHealthIndicator(SyncHealth health) {
    this.health = Objects.requireNonNull(health, "health == null");
  }

  @Override
  public Health health() {
    HealthReport report = health.check();
    Health.Builder builder = report.status() == HealthStatus.DOWN ? Health.down() : Health.up();
    if (report.status() == HealthStatus.DEGRADED) {
      builder.withDetail("degraded", true);
    }
    for (HealthCheckResult check : report.checks()) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("status", check.status().name());
      detail.put("reason", check.reason());
      builder.withDetail(check.name(), detail);
    }
    return builder.build();
  }
}
