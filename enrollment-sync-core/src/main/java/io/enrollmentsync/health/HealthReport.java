package io.enrollmentsync.health;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of every check at one moment and the status they add up to: the worst of them.
 *
 * @param status the overall status
 * @param checks each check's result, in the order the checks were registered
 * @param checkedAt when the checks ran
 * @since 0.1.0
 */
public record HealthReport(HealthStatus status, List<HealthCheckResult> checks, Instant checkedAt) {

  /** Validates the fields and copies the list. */
  public HealthReport {
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(checkedAt, "checkedAt == null");
    checks = List.copyOf(checks);
  }

  /**
   * Returns one check's result by name.
   *
   * @param name the check's name
   * @return the result
   * @throws IllegalArgumentException when no check has that name
   */
  public HealthCheckResult check(String name) {
    for (HealthCheckResult result : checks) {
      if (result.name().equals(name)) {
        return result;
      }
    }
    throw new IllegalArgumentException("no health check named '" + name + "'; the checks are "
        + checks.stream().map(HealthCheckResult::name).toList());
  }
}
