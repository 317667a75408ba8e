package io.enrollmentsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.health.HealthCheckResult;
import io.enrollmentsync.health.HealthChecks;
import io.enrollmentsync.health.HealthStatus;
import io.enrollmentsync.poller.PollResult;
import io.enrollmentsync.poller.PollRunSummary;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.testing.FakeThinkificApi;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.thinkific.ThinkificConfig;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.worker.WorkerConfig;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A poller wired through the builder: it shares queue and metrics and joins the health. */
class EnrollmentSyncPollerTest {
  private final FakeThinkificApi api = FakeThinkificApi.start().putSamplePages();
  private EnrollmentSync sync;

  @AfterEach
  void close() {
    if (sync != null) {
      sync.close();
    }
    api.close();
  }

  @Test
  void manualRunQueuesIntoTheSharedQueueAndThePollerCheckTurnsUp() {
    sync = build(FakeThinkificApi.API_KEY).start();

    PollRunSummary summary = sync.poller().orElseThrow().runNow();

    assertThat(summary.result()).isEqualTo(PollResult.SUCCESS);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        sync.repository().find(880102).isPresent() && sync.repository().find(880103).isPresent());
    HealthCheckResult poller = sync.health().check().check(HealthChecks.POLLER);
    assertThat(poller.status()).isEqualTo(HealthStatus.UP);
    assertThat(poller.reason()).startsWith("last successful run");
    assertThat(sync.metrics().registry().counter("enrollmentsync.poll.runs.success").getCount())
        .isEqualTo(1);
    assertThat(sync.metrics().registry().getGauges()
        .get("enrollmentsync.poll.last_success_epoch_ms").getValue())
        .isEqualTo(summary.startedAt().plus(summary.duration()).toEpochMilli());
  }

  @Test
  void pollerRefusedByTheApiTurnsHealthDown() {
    sync = build("revoked-api-key-0000").start();

    PollRunSummary summary = sync.poller().orElseThrow().runNow();

    assertThat(summary.result()).isEqualTo(PollResult.AUTH_FAILED);
    HealthCheckResult poller = sync.health().check().check(HealthChecks.POLLER);
    assertThat(poller.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(poller.reason()).contains("refused the credentials");
    assertThat(sync.health().check().status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void startedPollerBeforeItsFirstRunIsUp() {
    sync = build(FakeThinkificApi.API_KEY).start();

    HealthCheckResult poller = sync.health().check().check(HealthChecks.POLLER);

    assertThat(poller.status()).isEqualTo(HealthStatus.UP);
    assertThat(poller.reason()).contains("no run finished yet");
  }

  @Test
  void withoutAPollerThereIsNoPollerCheck() {
    sync = EnrollmentSync.builder()
        .webhook(WebhookConfig.builder().secret(SampleDeliveries.SECRET).build())
        .build();

    assertThat(sync.poller()).isEmpty();
    assertThat(sync.health().names()).doesNotContain(HealthChecks.POLLER);
  }

  private EnrollmentSync build(String apiKey) {
    ThinkificConfig client = ThinkificConfig.builder()
        .baseUrl(api.baseUrl())
        .apiKey(apiKey)
        .subdomain(FakeThinkificApi.SUBDOMAIN)
        .maxAttempts(1)
        .build();
    // The first scheduled run is far off: the tests run the poller by hand.
    PollerConfig poller = PollerConfig.builder().initialDelay(Duration.ofHours(1)).build();
    return EnrollmentSync.builder()
        .webhook(WebhookConfig.builder().secret(SampleDeliveries.SECRET).build())
        .worker(WorkerConfig.builder().pollTimeout(Duration.ofMillis(50)).build())
        .poller(client, poller)
        .build();
  }
}
