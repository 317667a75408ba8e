package io.enrollmentsync.spring;

import io.enrollmentsync.health.HealthCheckResult;
import io.enrollmentsync.health.HealthReport;
import io.enrollmentsync.health.HealthStatus;
import io.enrollmentsync.health.SyncHealth;
import java.util.LinkedHashMap;
import java.util.List;
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
  private final List<SyncHealth> parts;

  /**
   * Creates the indicator.
   *
   * @param parts the checks, usually {@code EnrollmentSync.health()} and the poller's; the status
   *     is the worst of them all
   */
  public EnrollmentSyncHealthIndicator(List<SyncHealth> parts) {
    this.parts = List.copyOf(Objects.requireNonNull(parts, "parts == null"));
  }

  @Override
  public Health health() {
    HealthStatus status = HealthStatus.UP;
    Map<String, Object> details = new LinkedHashMap<>();
    for (SyncHealth part : parts) {
      HealthReport report = part.check();
      status = status.worst(report.status());
      for (HealthCheckResult check : report.checks()) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("status", check.status().name());
        detail.put("reason", check.reason());
        details.put(check.name(), detail);
      }
    }
    Health.Builder builder = status == HealthStatus.DOWN ? Health.down() : Health.up();
    if (status == HealthStatus.DEGRADED) {
      builder.withDetail("degraded", true);
    }
    return builder.withDetails(details).build();
  }
}
