package io.enrollmentsync.health;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One named health check. {@link HealthChecks} has the built-in ones; a host may add its own.
 *
 * @since 0.1.0
 */
public interface HealthCheck {

  /**
   * Returns the check's name, unique within one {@link SyncHealth}.
   *
   * @return a short lower-case name, such as {@code store}
   */
  String name();

  /**
   * Runs the check. An exception counts as {@link HealthStatus#DOWN}.
   *
   * @return the result, carrying this check's name
   */
  HealthCheckResult check();

  /**
   * Creates a check from a name and a function.
   *
   * @param name the name
   * @param check runs the check
   * @return the check
   */
  static HealthCheck of(String name, Supplier<HealthCheckResult> check) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(check, "check == null");
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public HealthCheckResult check() {
        return check.get();
      }
    };
  }
}
