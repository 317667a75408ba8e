package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.SyncConfigurationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class SyncConfigurationFailureAnalyzerTest {

  @Test
  void explainsARejectedSettingAndPointsAtTheProperties() {
    BeanCreationException failure = new BeanCreationException("enrollmentSyncEventQueue",
        "bean failed", new SyncConfigurationException("keyPrefix must match [A-Za-z0-9._:-]"));

    FailureAnalysis analysis = new SyncConfigurationFailureAnalyzer().analyze(failure);

    assertThat(analysis.getDescription())
        .isEqualTo("enrollment-sync could not start: keyPrefix must match [A-Za-z0-9._:-]");
    assertThat(analysis.getAction()).contains("enrollment-sync.*");
  }
}
