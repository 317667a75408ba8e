package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.health.HealthChecks;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.poller.PollerState;
import io.enrollmentsync.poller.SyncPoller;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.thinkific.ThinkificConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class EnrollmentSyncPollerAutoConfigurationTest {
  private static final String API_KEY = "site-api-key-0001";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(EnrollmentSyncPollerAutoConfiguration.class,
          EnrollmentSyncAutoConfiguration.class))
      .withPropertyValues("enrollment-sync.webhook.secrets=" + SampleDeliveries.SECRET,
          "enrollment-sync.worker.poll-timeout=100ms", "enrollment-sync.worker.consumers=1",
          "enrollment-sync.poller.initial-delay=1h");

  @Test
  void withoutThinkificCredentialsThereIsNoPoller() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(ThinkificConfig.class);
      assertThat(context.getBean(EnrollmentSync.class).poller()).isEmpty();
    });
  }

  @Test
  void withAnApiKeyAndSubdomainThePollerStartsAndStopsWithTheContextAndShowsInHealth() {
    SyncPoller[] poller = new SyncPoller[1];

    runner.withPropertyValues("enrollment-sync.thinkific.api-key=" + API_KEY,
        "enrollment-sync.thinkific.subdomain=acme").run(context -> {
          EnrollmentSync sync = context.getBean(EnrollmentSync.class);
          poller[0] = sync.poller().orElseThrow();
          assertThat(poller[0].status().state()).isEqualTo(PollerState.IDLE);
          assertThat(poller[0].status().nextRunAt()).isNotNull();
          assertThat(sync.health().names()).contains(HealthChecks.POLLER);
        });

    assertThat(poller[0].status().state()).isEqualTo(PollerState.STOPPED);
  }

  @Test
  void aBearerTokenAloneAlsoTurnsThePollerOn() {
    runner.withPropertyValues("enrollment-sync.thinkific.bearer-token=oauth-token-0001")
        .run(context -> assertThat(context.getBean(EnrollmentSync.class).poller()).isPresent());
  }

  @Test
  void theEnabledSwitchKeepsThePollerOffDespiteCredentials() {
    runner.withPropertyValues("enrollment-sync.thinkific.api-key=" + API_KEY,
        "enrollment-sync.thinkific.subdomain=acme", "enrollment-sync.poller.enabled=false")
        .run(context -> assertThat(context.getBean(EnrollmentSync.class).poller()).isEmpty());
  }

  @Test
  void mapsThePollerAndApiPropertiesOntoTheCoreSettings() {
    runner.withPropertyValues("enrollment-sync.thinkific.api-key=" + API_KEY,
        "enrollment-sync.thinkific.subdomain=acme",
        "enrollment-sync.thinkific.base-url=http://127.0.0.1:9/api/public/v1",
        "enrollment-sync.thinkific.requests-per-minute=60",
        "enrollment-sync.poller.interval=5m",
        "enrollment-sync.poller.overlap=90s",
        "enrollment-sync.poller.backfill-from=2025-01-01T00:00:00Z").run(context -> {
          PollerConfig poller = context.getBean(PollerConfig.class);
          ThinkificConfig api = context.getBean(ThinkificConfig.class);

          assertThat(poller.interval()).isEqualTo(Duration.ofMinutes(5));
          assertThat(poller.overlap()).isEqualTo(Duration.ofSeconds(90));
          assertThat(poller.backfillFrom()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
          assertThat(context.getBean(EnrollmentSync.class).poller().orElseThrow().config())
              .isSameAs(poller);
          assertThat(api.subdomain()).isEqualTo("acme");
          assertThat(api.baseUrl().toString()).isEqualTo("http://127.0.0.1:9/api/public/v1");
          assertThat(api.requestsPerMinute()).isEqualTo(60);
        });
  }

  @Test
  void usesTheApplicationsPollerAndApiSettings() {
    PollerConfig hostPoller = PollerConfig.builder().interval(Duration.ofMinutes(7))
        .initialDelay(Duration.ofHours(1)).build();
    ThinkificConfig hostApi = ThinkificConfig.builder().apiKey("host-key").subdomain("host")
        .build();

    runner.withPropertyValues("enrollment-sync.thinkific.api-key=" + API_KEY,
        "enrollment-sync.thinkific.subdomain=acme")
        .withBean(PollerConfig.class, () -> hostPoller)
        .withBean(ThinkificConfig.class, () -> hostApi)
        .run(context -> {
          assertThat(context).getBean(PollerConfig.class).isSameAs(hostPoller);
          assertThat(context).getBean(ThinkificConfig.class).isSameAs(hostApi);
          assertThat(context.getBean(EnrollmentSync.class).poller().orElseThrow().config())
              .isSameAs(hostPoller);
        });
  }

  @Test
  void anApiKeyWithoutSubdomainFailsStartupWithoutShowingTheKey() {
    runner.withPropertyValues("enrollment-sync.thinkific.api-key=" + API_KEY).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageContaining("invalid enrollment-sync.thinkific.*")
          .hasMessageContaining("subdomain is missing")
          .hasMessageNotContaining(API_KEY);
    });
  }

  @Test
  void aPollIntervalTheCoreRejectsFailsStartupNamingTheProperty() {
    runner.withPropertyValues("enrollment-sync.thinkific.api-key=" + API_KEY,
        "enrollment-sync.thinkific.subdomain=acme", "enrollment-sync.poller.interval=10s")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("invalid enrollment-sync.poller.interval");
        });
  }
}
