package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.when;

import io.enrollmentsync.health.SyncHealth;
import io.enrollmentsync.memory.InMemoryEventQueue;
import io.enrollmentsync.spi.DeadLetterStore;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.testing.SampleDeliveries;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class EnrollmentSyncHealthAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(EnrollmentSyncAutoConfiguration.class,
          EnrollmentSyncHealthAutoConfiguration.class))
      .withPropertyValues("enrollment-sync.webhook.secrets=" + SampleDeliveries.SECRET,
          "enrollment-sync.worker.poll-timeout=100ms", "enrollment-sync.worker.consumers=1");

  @Test
  void reportsEachCheckOfTheRunningSystemAsOneHealthComponent() {
    runner.run(context -> {
      EnrollmentSyncHealthIndicator indicator =
          context.getBean(EnrollmentSyncHealthIndicator.class);

      // The consumer threads report alive a moment after the context has started them.
      await().atMost(Duration.ofSeconds(5))
          .until(() -> indicator.health().getStatus().equals(Status.UP));
      Health health = indicator.health();

      assertThat(health.getDetails()).containsKeys("store", "consumers", "dead_letters");
      assertThat(health.getDetails().get("store")).isEqualTo(
          Map.of("status", "UP", "reason", ((Map<?, ?>) health.getDetails().get("store"))
              .get("reason")));
    });
  }

  @Test
  void aStoppedWorkerIsDown() {
    runner.run(context -> {
      context.getBean(EnrollmentSyncLifecycle.class).stop();

      Health health = context.getBean(EnrollmentSyncHealthIndicator.class).health();

      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    });
  }

  @Test
  void deadLettersAboveTheThresholdAreUpButMarkedDegraded() {
    DeadLetterStore oneDeadLetter = mock(DeadLetterStore.class);
    when(oneDeadLetter.size()).thenReturn(1L);
    InMemoryEventQueue queue = spy(new InMemoryEventQueue());
    when(queue.deadLetters()).thenReturn(oneDeadLetter);

    runner.withBean(EventQueue.class, () -> queue).run(context -> {
      EnrollmentSyncHealthIndicator indicator =
          context.getBean(EnrollmentSyncHealthIndicator.class);

      await().atMost(Duration.ofSeconds(5))
          .until(() -> indicator.health().getStatus().equals(Status.UP));
      Health health = indicator.health();

      assertThat(health.getDetails()).containsEntry("degraded", true);
    });
  }

  @Test
  void aDeadLetterThresholdFromThePropertiesKeepsAFewDeadLettersHealthy() {
    DeadLetterStore oneDeadLetter = mock(DeadLetterStore.class);
    when(oneDeadLetter.size()).thenReturn(1L);
    InMemoryEventQueue queue = spy(new InMemoryEventQueue());
    when(queue.deadLetters()).thenReturn(oneDeadLetter);

    runner.withBean(EventQueue.class, () -> queue)
        .withPropertyValues("enrollment-sync.health.dead-letter-threshold=5").run(context -> {
          EnrollmentSyncHealthIndicator indicator =
              context.getBean(EnrollmentSyncHealthIndicator.class);

          await().atMost(Duration.ofSeconds(5))
              .until(() -> indicator.health().getStatus().equals(Status.UP));

          assertThat(indicator.health().getDetails()).doesNotContainKey("degraded");
        });
  }

  @Test
  void aNegativeDeadLetterThresholdFailsStartupNamingTheProperty() {
    runner.withPropertyValues("enrollment-sync.health.dead-letter-threshold=-1").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageContaining("invalid enrollment-sync.health.dead-letter-threshold");
    });
  }

  @Test
  void keepsTheApplicationsIndicatorOfTheSameName() {
    EnrollmentSyncHealthIndicator host = new EnrollmentSyncHealthIndicator(SyncHealth.builder().build());

    runner.withBean("enrollmentSyncHealthIndicator", EnrollmentSyncHealthIndicator.class,
        () -> host).run(context -> assertThat(context)
            .getBean(EnrollmentSyncHealthIndicator.class).isSameAs(host));
  }

  @Test
  void canBeSwitchedOffLikeAnyActuatorHealthIndicator() {
    runner.withPropertyValues("management.health.enrollmentsync.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(EnrollmentSyncHealthIndicator.class));
  }
}
