package io.enrollmentsync.spi;

import static io.enrollmentsync.testing.Events.T0;
import static io.enrollmentsync.testing.Events.event;
import static io.enrollmentsync.testing.Events.progress;
import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.EnrollmentAction;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import io.enrollmentsync.EventSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
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

  @Test
  void aCompletionBelowFullPercentageIsStoredAtFullPercentage() {
    ApplyRule.Result r = ApplyRule.apply(null, event("c", 1, 10, 0.9, true));

    assertThat(r.outcome()).isEqualTo(ApplyOutcome.INSERTED);
    assertThat(r.state().snapshot().completed()).isTrue();
    assertThat(r.state().snapshot().percentageCompleted()).isEqualTo(1.0);
  }

  @Test
  void anOlderCompletionWithAnEarlierCompletedAtReplacesOnlyTheCompletedAt() {
    StoredEnrollment s = ApplyRule.apply(null, completion("c2", 20, T0.plusSeconds(20))).state();

    ApplyRule.Result r = ApplyRule.apply(s, completion("c1", 10, T0.plusSeconds(5)));

    assertThat(r.outcome()).isEqualTo(ApplyOutcome.UPDATED);
    assertThat(r.state()).isEqualTo(new StoredEnrollment(
        s.snapshot().withCompletion(T0.plusSeconds(5), 1.0), s.eventOccurredAt(), "c2"));
  }

  @Test
  void anOlderCompletionWithALaterCompletedAtIsStale() {
    StoredEnrollment s = ApplyRule.apply(null, completion("c2", 20, T0.plusSeconds(5))).state();

    ApplyRule.Result r = ApplyRule.apply(s, completion("c1", 10, T0.plusSeconds(8)));

    assertThat(r.outcome()).isEqualTo(ApplyOutcome.STALE);
    assertThat(r.state()).isSameAs(s);
  }

  @Test
  void aCompletedAtFillsAStoredCompletionThatHasNone() {
    StoredEnrollment s = ApplyRule.apply(null, completion("c2", 20, null)).state();

    ApplyRule.Result withTime = ApplyRule.apply(s, completion("c1", 10, T0.plusSeconds(8)));
    ApplyRule.Result withoutTime = ApplyRule.apply(withTime.state(), completion("c0", 5, null));

    assertThat(withTime.outcome()).isEqualTo(ApplyOutcome.UPDATED);
    assertThat(withTime.state().snapshot().completedAt()).isEqualTo(T0.plusSeconds(8));
    assertThat(withoutTime.outcome()).isEqualTo(ApplyOutcome.STALE);
  }

  @Test
  void everyOrderOfARandomEventSetEndsInTheStateTheSetDefines() {
    Random random = new Random(20250318);

    for (int n = 0; n < 1_000; n++) {
      List<EnrollmentEvent> events = randomEventSet(random);
      List<String> contradictions = new ArrayList<>();
      Set<StoredEnrollment> ends = new HashSet<>();
      for (List<EnrollmentEvent> order : permutations(events)) {
        ends.add(fold(order, contradictions));
      }

      assertThat(ends).as("end states of event set %d: %s", n, describe(events))
          .containsExactly(join(events));
      assertThat(contradictions).as("outcomes of event set %d: %s", n, describe(events))
          .isEmpty();
    }
  }

  /**
   * Up to four distinct versions and two duplicates. Few {@code updatedAt} values, so ties
   * broken by {@code occurredAt} are common; completions below 100%, with different or no
   * {@code completedAt}; progress that goes up and down. One version is one event, as the rule
   * assumes.
   */
  private static List<EnrollmentEvent> randomEventSet(Random random) {
    List<EnrollmentEvent> distinct = new ArrayList<>();
    Set<String> versions = new HashSet<>();
    int count = 1 + random.nextInt(4);
    for (int v = 0; v < count; v++) {
      int second = random.nextInt(3);
      int occurredMillis = random.nextInt(2);
      if (versions.add(second + "/" + occurredMillis)) {
        distinct.add(randomEvent("v" + second + "-" + occurredMillis, second, occurredMillis,
            random));
      }
    }
    List<EnrollmentEvent> events = new ArrayList<>(distinct);
    int duplicates = random.nextInt(3);
    for (int d = 0; d < duplicates; d++) {
      events.add(distinct.get(random.nextInt(distinct.size())));
    }
    return events;
  }

  private static EnrollmentEvent randomEvent(String eventId, int second, int occurredMillis,
      Random random) {
    boolean completed = random.nextInt(5) < 2;
    double percentage = completed
        ? new double[] {0.5, 0.9, 1.0}[random.nextInt(3)]
        : new double[] {0.0, 0.3, 0.6, 0.9}[random.nextInt(4)];
    Instant completedAt;
    if (completed) {
      completedAt = random.nextInt(4) == 0 ? null : T0.plusSeconds(1 + random.nextInt(3));
    } else {
      // Not what Thinkific sends, but the rule must still take it from the greatest version.
      completedAt = random.nextInt(6) == 0 ? T0.plusSeconds(4) : null;
    }
    Instant updatedAt = T0.plusSeconds(10 + second);
    // One-source fields: one value each across the set, sent by some events and not others.
    Boolean expired = random.nextBoolean() ? Boolean.TRUE : null;
    boolean certificate = random.nextBoolean();
    EnrollmentSnapshot snapshot = new EnrollmentSnapshot(7, 310007L, "user7@example.com",
        "User 7", 5021L, "Course " + random.nextInt(3), percentage, completed, expired, false, T0,
        T0, completedAt, T0.plusSeconds(86_400L * random.nextInt(5)), T0, updatedAt,
        certificate ? "cred-7" : null, certificate ? "https://certificates.example.com/7.pdf" : null,
        certificate ? LocalDate.of(2027, 3, 18) : null);
    Instant occurredAt = updatedAt.plusMillis(occurredMillis);
    EnrollmentAction action = completed ? EnrollmentAction.COMPLETED : EnrollmentAction.PROGRESS;
    return new EnrollmentEvent(eventId, EventSource.WEBHOOK, "enrollment.progress", action,
        "48213", occurredAt, occurredAt, false, snapshot);
  }

  /** The state the rule's Javadoc defines for a set of events, computed from the whole set. */
  private static StoredEnrollment join(List<EnrollmentEvent> events) {
    EnrollmentEvent greatest = Collections.max(events, EnrollmentEvent.VERSION_ORDER);
    List<EnrollmentSnapshot> completions = events.stream()
        .map(EnrollmentEvent::snapshot)
        .filter(EnrollmentSnapshot::completed)
        .toList();
    EnrollmentSnapshot snapshot = greatest.snapshot();
    if (!completions.isEmpty()) {
      Instant earliest = completions.stream()
          .map(EnrollmentSnapshot::completedAt)
          .filter(Objects::nonNull)
          .min(Comparator.naturalOrder())
          .orElse(null);
      snapshot = snapshot.withCompletion(earliest, 1.0);
    }
    // One-source fields: the value any event sent (the generator gives each one value at most).
    boolean expired = events.stream().anyMatch(e -> e.snapshot().expired() != null);
    EnrollmentSnapshot certified = events.stream().map(EnrollmentEvent::snapshot)
        .filter(e -> e.credentialId() != null).findFirst().orElse(null);
    snapshot = new EnrollmentSnapshot(snapshot.enrollmentId(), snapshot.userId(),
        snapshot.userEmail(), snapshot.userName(), snapshot.courseId(), snapshot.courseName(),
        snapshot.percentageCompleted(), snapshot.completed(), expired ? Boolean.TRUE : null,
        snapshot.freeTrial(), snapshot.activatedAt(), snapshot.startedAt(),
        snapshot.completedAt(), snapshot.expiryDate(), snapshot.createdAt(),
        snapshot.updatedAt(), certified == null ? null : certified.credentialId(),
        certified == null ? null : certified.certificateUrl(),
        certified == null ? null : certified.certificateExpiryDate());
    return new StoredEnrollment(snapshot, greatest.occurredAt(), greatest.eventId());
  }

  private static List<List<EnrollmentEvent>> permutations(List<EnrollmentEvent> events) {
    if (events.size() <= 1) {
      return List.of(events);
    }
    List<List<EnrollmentEvent>> all = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      List<EnrollmentEvent> rest = new ArrayList<>(events);
      EnrollmentEvent first = rest.remove(i);
      for (List<EnrollmentEvent> tail : permutations(rest)) {
        List<EnrollmentEvent> order = new ArrayList<>(tail.size() + 1);
        order.add(first);
        order.addAll(tail);
        all.add(order);
      }
    }
    return all;
  }

  /**
   * Folds the events in order and records every outcome that disagrees with the change it made:
   * STALE must leave the state as it was, and anything else must change it.
   */
  private static StoredEnrollment fold(List<EnrollmentEvent> events,
      List<String> contradictions) {
    StoredEnrollment state = null;
    for (EnrollmentEvent e : events) {
      ApplyRule.Result result = ApplyRule.apply(state, e);
      boolean changed = !result.state().equals(state);
      if (changed != result.outcome().changed()) {
        contradictions.add(e.eventId() + " reported " + result.outcome() + " in order "
            + describe(events));
      }
      state = result.state();
    }
    return state;
  }

  private static String describe(List<EnrollmentEvent> events) {
    return events.stream()
        .map(e -> e.eventId() + "(" + e.snapshot().percentageCompleted()
            + (e.snapshot().completed() ? ", completed at " + e.snapshot().completedAt() : "")
            + ")")
        .collect(Collectors.joining(", "));
  }

  private static EnrollmentEvent completion(String eventId, long second, Instant completedAt) {
    EnrollmentEvent e = event(eventId, 1, second, 1.0, true);
    return new EnrollmentEvent(e.eventId(), e.source(), e.topic(), e.action(), e.tenantId(),
        e.occurredAt(), e.receivedAt(), e.unsigned(),
        e.snapshot().withCompletion(completedAt, 1.0));
  }

  private static StoredEnrollment fold(List<EnrollmentEvent> events) {
    StoredEnrollment state = null;
    for (EnrollmentEvent e : events) {
      state = ApplyRule.apply(state, e).state();
    }
    return state;
  }
}
