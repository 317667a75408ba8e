package io.enrollmentsync.health;

import java.util.Objects;

/**
 * What one health check found.
 *
 * @param name the check's name, such as {@code store}
 * @param status the status
 * @param reason a short sentence for an operator; never personal data or secrets
 * @since 0.1.0
 */
public record HealthCheckResult(String name, HealthStatus status, String reason) {

  /** Validates the fields. */
  public HealthCheckResult {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(reason, "reason == null");
  }

  /**
   * Creates a passing result.
   *
   * @param name the check's name
   * @param reason what was seen
   * @return the result
   */
  public static HealthCheckResult up(String name, String reason) {
    return new HealthCheckResult(name, HealthStatus.UP, reason);
  }

  /**
   * Creates a result that asks for an operator while events still flow.
   *
   * @param name the check's name
   * @param reason what is wrong and what to do
   * @return the result
   */
  public static HealthCheckResult degraded(String name, String reason) {
    return new HealthCheckResult(name, HealthStatus.DEGRADED, reason);
  }

  /**
   * Creates a failing result.
   *
   * @param name the check's name
   * @param reason what is wrong and what to do
   * @return the result
   */
  public static HealthCheckResult down(String name, String reason) {
    return new HealthCheckResult(name, HealthStatus.DOWN, reason);
  }
}
