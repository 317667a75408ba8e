package io.enrollmentsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.spi.DeadLetter;
import io.enrollmentsync.worker.WorkerConfig;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: one event can never be applied (its course name is longer than the host's column),
 * so every attempt fails in the database. It must be dead-lettered without holding up the others,
 * and, once the operator widens the column, a replay must apply it.
 */
class PoisonEventIT {
  private static final int MAX_ATTEMPTS = 3;

  @Test
  void poisonEventIsDeadLetteredAloneAndAppliedOnReplayAfterTheFix() throws Exception {
    try (Scenario s = new Scenario(4)) {
      long enrollment = s.world.changes().get(s.world.changes().size() / 2).event().enrollmentId();
      World.Change poison = s.world.renameCourse(enrollment, "Sourdough ".repeat(150));
      WorkerConfig worker = WorkerConfig.builder()
          .consumerNamePrefix("node-" + s.prefix)
          .maxAttempts(MAX_ATTEMPTS)
          .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
          .build();
      SyncNode node = s.closeAfter(
          SyncNode.start(s.nodeSettings(s.db.url()).withWorkerConfig(worker)));

      s.startSending(node::webhookUri);
      s.awaitSent();
      List<EnrollmentEvent> others = s.world.events().stream()
          .filter(e -> !e.eventId().equals(poison.event().eventId()))
          .collect(Collectors.toList());
      ConsistencyChecker.Verdict withoutPoison = s.awaitConsistent(
          () -> node.queue().stats(), World.fold(others), s.acceptedEvents());
      List<DeadLetter> dead = node.queue().deadLetters().list(null, 100);

      assertThat(withoutPoison.consistent()).isTrue();
      assertThat(dead).singleElement().satisfies(d -> {
        assertThat(d.event().eventId()).isEqualTo(poison.event().eventId());
        assertThat(d.attempts()).isEqualTo(MAX_ATTEMPTS);
        assertThat(d.error()).contains("22001");
      });

      // The operator's fix, then the replay.
      s.db.execute("ALTER TABLE " + s.db.table() + " ALTER COLUMN course_name TYPE VARCHAR(4096)");
      s.markRecovered();
      assertThat(node.queue().deadLetters().replayAll()).isEqualTo(1);
      ConsistencyChecker.Verdict verdict = s.awaitConsistent(
          () -> node.queue().stats(), s.world.truth(), s.acceptedEvents());
      await().atMost(Duration.ofSeconds(5))
          .until(() -> node.queue().deadLetters().size() == 0);

      s.finish("one poison event (value too long for its column), fixed, replayed", verdict, 0,
          dead.size(), "worker: " + MAX_ATTEMPTS + " attempts, backoff 0.2-2 s; the other "
          + "events converged while it was retried; 'converged after fault' = after the replay");
    }
  }
}
