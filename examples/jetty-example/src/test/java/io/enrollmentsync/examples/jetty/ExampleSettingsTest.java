package io.enrollmentsync.examples.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrollmentsync.SyncConfigurationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark switches of the example: worker on or off, and the dedupe window. */
class ExampleSettingsTest {

  @Test
  void workerIsOnAndDedupeWindowIsTheQueueDefaultWhenNotSet() {
    ExampleSettings settings = ExampleSettings.from(env(Map.of()));

    assertThat(settings.workerEnabled()).isTrue();
    assertThat(settings.dedupeTtl()).isNull();
  }

  @Test
  void workerOffAndDedupeWindowInSecondsAreRead() {
    ExampleSettings settings = ExampleSettings.from(env(Map.of(
        "SYNC_WORKER_ENABLED", "false", "SYNC_DEDUPE_TTL", "40s")));

    assertThat(settings.workerEnabled()).isFalse();
    assertThat(settings.dedupeTtl()).isEqualTo(Duration.ofSeconds(40));
    assertThat(settings.toString()).contains("worker=off");
  }

  @Test
  void workerConsumersAndBatchSizeReachTheWorkerConfig() {
    ExampleSettings settings = ExampleSettings.from(env(Map.of(
        "SYNC_WORKER_CONSUMERS", "3", "SYNC_WORKER_BATCH_SIZE", "500")));

    assertThat(settings.workerConfig().consumers()).isEqualTo(3);
    assertThat(settings.workerConfig().batchSize()).isEqualTo(500);
    assertThat(ExampleSettings.from(env(Map.of())).workerConfig().batchSize()).isEqualTo(100);
  }

  @Test
  void dedupeWindowInDaysIsRead() {
    ExampleSettings settings = ExampleSettings.from(env(Map.of("SYNC_DEDUPE_TTL", "7d")));

    assertThat(settings.dedupeTtl()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void badValuesAreRejectedNamingTheVariable() {
    assertThatThrownBy(() -> ExampleSettings.from(env(Map.of("SYNC_WORKER_ENABLED", "no"))))
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("SYNC_WORKER_ENABLED").hasMessageContaining("'no'");
    assertThatThrownBy(() -> ExampleSettings.from(env(Map.of("SYNC_DEDUPE_TTL", "40"))))
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("SYNC_DEDUPE_TTL").hasMessageContaining("40");
  }

  private static Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("THINKIFIC_WEBHOOK_SECRET", "test-site-api-key-0001");
    return env;
  }
}
