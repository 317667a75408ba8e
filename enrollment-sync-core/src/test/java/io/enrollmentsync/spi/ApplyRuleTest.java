package io.enrollmentsync.spi;

import static io.enrollmentsync.testing.Events.event;
import static io.enrollmentsync.testing.Events.progress;
import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.EnrollmentEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ApplyRuleTest {

  @Test
  void firstEventIsInserted() {
    assertThat(ApplyRule.apply(null, progress("e1", 1, 10, 0.2)).outcome())
        .isEqualTo(ApplyOutcome.INSERTED);
  }

  @Test
  void newerVersionWinsEvenWithALowerPercentage() {
    StoredEnrollment s = ApplyRule.apply(null, progress("e1", 1, 10, 0.5)).state();

    ApplyRule.Result r = ApplyRule.apply(s, progress("e2", 1, 20, 0.25));

    assertThat(r.outcome()).isEqualTo(ApplyOutcome.UPDATED);
    assertThat(r.state().snapshot().percentageCompleted()).isEqualTo(0.25);
  }

  @Test
  void olderOrEqualVersionIsStale() {
    StoredEnrollment s = ApplyRule.apply(null, progress("e2", 1, 20, 0.5)).state();

    assertThat(ApplyRule.apply(s, progress("e1", 1, 10, 0.9)).outcome())
        .isEqualTo(ApplyOutcome.STALE);
    assertThat(ApplyRule.apply(s, progress("e2", 1, 20, 0.5)).outcome())
        .isEqualTo(ApplyOutcome.STALE);
  }

  @Test
  void completionIsKeptWhenANewerIncompleteSnapshotArrives() {
    StoredEnrollment s = ApplyRule.apply(null, event("c", 1, 10, 1.0, true)).state();

    ApplyRule.Result r = ApplyRule.apply(s, progress("p", 1, 20, 0.8));

    assertThat(r.outcome()).isEqualTo(ApplyOutcome.KEPT_COMPLETED);
    assertThat(r.state().snapshot().completed()).isTrue();
    assertThat(r.state().snapshot().percentageCompleted()).isEqualTo(1.0);
    assertThat(r.state().snapshot().updatedAt()).isEqualTo(progress("p", 1, 20, 0.8)
        .snapshot().updatedAt());
  }

  @Test
  void lateCompletionStillCompletesWithoutRollingBackNewerFields() {
    StoredEnrollment s = ApplyRule.apply(null, progress("p", 1, 20, 0.8)).state();

    ApplyRule.Result r = ApplyRule.apply(s, event("c", 1, 10, 1.0, true));

    assertThat(r.outcome()).isEqualTo(ApplyOutcome.UPDATED);
    assertThat(r.state().snapshot().completed()).isTrue();
    assertThat(r.state().snapshot().updatedAt()).isEqualTo(s.snapshot().updatedAt());
    assertThat(r.state().lastEventId()).isEqualTo("p");
  }

  @Test
  void anyOrderOfTheSameEventsEndsInTheSameState() {
    List<EnrollmentEvent> events = new ArrayList<>(List.of(
        progress("a", 7, 1, 0.1), progress("b", 7, 2, 0.6), progress("c", 7, 3, 0.4),
        event("d", 7, 4, 1.0, true), progress("e", 7, 5, 0.9), progress("b", 7, 2, 0.6)));
    StoredEnrollment expected = fold(events);
    Random random = new Random(42);

    for (int i = 0; i < 200; i++) {
      Collections.shuffle(events, random);
      assertThat(fold(events)).isEqualTo(expected);
    }
    assertThat(expected.snapshot().completed()).isTrue();
    assertThat(expected.lastEventId()).isEqualTo("e");
  }

  private static StoredEnrollment fold(List<EnrollmentEvent> events) {
    StoredEnrollment state = null;
    for (EnrollmentEvent e : events) {
      state = ApplyRule.apply(state, e).state();
    }
    return state;
  }
}
