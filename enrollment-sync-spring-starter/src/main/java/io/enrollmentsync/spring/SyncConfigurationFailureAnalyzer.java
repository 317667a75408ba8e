package io.enrollmentsync.spring;

import io.enrollmentsync.SyncConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because the core rejected a setting, and points at the
 * {@code enrollment-sync.*} properties.
 */
final class SyncConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<SyncConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SyncConfigurationException cause) {
    return new FailureAnalysis(
        "enrollment-sync could not start: " + cause.getMessage(),
        "Check the enrollment-sync.* properties (docs/spring-boot.md lists them all), or the"
            + " bean that replaces the part named above.",
        cause);
  }
}
