package io.enrollmentsync.health;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs named health checks and adds their results up to one status: the worst of them.
 *
 * <p>Every call to {@link #check()} runs every check afresh; a check that throws counts as
 * {@link HealthStatus#DOWN} with the exception's type as the reason. {@code
 * EnrollmentSync.health()} returns one wired with the built-in {@link HealthChecks}.
 *
 * @since 0.1.0
 */
public final class SyncHealth {
  private static final Logger LOG = LoggerFactory.getLogger(SyncHealth.class);

  private final List<HealthCheck> checks;
  private final Clock clock;

  private SyncHealth(Builder b) {
    this.checks = List.copyOf(b.checks);
    this.clock = b.clock;
  }

  /**
   * Starts a builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every check. Never throws.
   *
   * @return the report
   */
  public HealthReport check() {
    List<HealthCheckResult> results = new ArrayList<>(checks.size());
    HealthStatus overall = HealthStatus.UP;
    for (HealthCheck check : checks) {
      HealthCheckResult result = run(check);
      results.add(result);
      overall = overall.worst(result.status());
    }
    return new HealthReport(overall, results, clock.instant());
  }

  /**
   * Returns the names of the checks, in the order they run.
   *
   * @return the names
   */
  public List<String> names() {
    return checks.stream().map(HealthCheck::name).toList();
  }

  private static HealthCheckResult run(HealthCheck check) {
    try {
      HealthCheckResult result = check.check();
      if (result == null) {
        return HealthCheckResult.down(check.name(), "the check returned no result");
      }
      return result.name().equals(check.name())
          ? result
          : new HealthCheckResult(check.name(), result.status(), result.reason());
    } catch (RuntimeException e) {
      // The message may carry a connection string; the type is enough for the answer.
      LOG.debug("Health check {} failed", check.name(), e);
      return HealthCheckResult.down(check.name(), "the check failed with "
          + e.getClass().getSimpleName() + "; see the debug log");
    }
  }

  /**
   * Builds a {@link SyncHealth}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<HealthCheck> checks = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Adds a check; checks run in the order they were added.
     *
     * @param check the check
     * @return this builder
     * @throws IllegalArgumentException when a check of the same name was added
     */
    public Builder check(HealthCheck check) {
      Objects.requireNonNull(check, "check == null");
      if (!names.add(check.name())) {
        throw new IllegalArgumentException("a health check named '" + check.name()
            + "' was already added; give each check its own name");
      }
      checks.add(check);
      return this;
    }

    /**
     * Sets the clock that stamps reports.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Builds the health.
     *
     * @return the health
     */
    public SyncHealth build() {
      return new SyncHealth(this);
    }
  }
}
