package io.enrollmentsync.testkit;

import static io.enrollmentsync.spi.ApplyOutcome.INSERTED;
import static io.enrollmentsync.spi.ApplyOutcome.KEPT_COMPLETED;
import static io.enrollmentsync.spi.ApplyOutcome.STALE;
import static io.enrollmentsync.spi.ApplyOutcome.UPDATED;
import static io.enrollmentsync.testkit.SnapshotBuilder.T0;
import static io.enrollmentsync.testkit.SnapshotBuilder.enrollment;
import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.ApplyRule;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link EnrollmentRepository} must meet, as JUnit 5 tests: {@link ApplyRule}
 * applied exactly, the outcome of every event reported, replays that change nothing, batches
 * that end as one-by-one application would, and many threads converging on the same rows.
 *
 * <p>Extend it in a test of your own and return your implementation from {@link
 * #createRepository()}:
 *
 * <pre>{@code
 * class MyEnrollmentRepositoryTest extends EnrollmentRepositoryContract {
 *   @Override
 *   protected EnrollmentRepository createRepository() {
 *     return new MyEnrollmentRepository(dataSource);
 *   }
 * }
 * }</pre>
 *
 * <p>Each test writes enrollment ids from a random range of its own, so the repository may be
 * shared between tests and may hold other rows; nothing is deleted. Timestamps have millisecond
 * precision, the precision Thinkific sends. The concurrency test applies 10,000 events from 8
 * threads at once, so a repository on a database needs a pool of at least 8 connections to run
 * at full speed.
 *
 * @since 0.1.0
 */
public abstract class EnrollmentRepositoryContract {
  private EnrollmentRepository repository;
  private long idBase;

  /**
   * Creates the contract; subclasses give it the repository through {@link #createRepository}.
   *
   * @since 0.1.0
   */
  protected EnrollmentRepositoryContract() {}

  /**
   * Returns the repository under test. Called before each test; it may return a new repository
   * or the same one every time. It runs before the subclass's own {@code @BeforeEach} methods,
   * so open shared resources such as a data source in {@code @BeforeAll}.
   *
   * @return the repository
   * @since 0.1.0
   */
  protected abstract EnrollmentRepository createRepository();

  /**
   * Creates the repository under test and picks this test's range of enrollment ids.
   *
   * @since 0.1.0
   */
  @BeforeEach
  protected final void setUpRepository() {
    repository = createRepository();
    assertThat(repository).as("createRepository()").isNotNull();
    idBase = ThreadLocalRandom.current().nextLong(1, 1L << 40) * 1_000;
  }

  /**
   * Returns the repository under test, for tests that a subclass adds.
   *
   * @return the repository
   * @since 0.1.0
   */
  protected final EnrollmentRepository repository() {
    return repository;
  }

  /**
   * Returns the n-th enrollment id of the running test.
   *
   * @param n from 1 to 999
   * @return an id that no other test uses
   * @since 0.1.0
   */
  protected final long id(int n) {
    return idBase + n;
  }

  // Insert and read

  @Test
  void applyingAnUnknownEnrollmentInsertsItAndReportsInserted() {
    EnrollmentEvent event = enrollment(id(1)).updatedAtSecond(10).event("evt-1");

    ApplyOutcome outcome = repository.apply(event);

    assertThat(outcome).isEqualTo(INSERTED);
    assertThat(stored(id(1))).isEqualTo(stateOf(event));
  }

  @Test
  void findingAnUnknownEnrollmentReturnsEmpty() {
    assertThat(repository.find(id(1))).isEmpty();
  }

  @Test
  void everySnapshotFieldIsStoredExactly() {
    EnrollmentEvent event = enrollment(id(1))
        .user(Long.MAX_VALUE, "zoë.o'brien+tag@exämple.com", "Zoë O'Brien \"🍞\" \\ 面包")
        .course(9_007_199_254_740_993L, "Brot & Brötchen – 🥖; DROP TABLE x; --")
        .flags(true, true)
        .dates(Instant.parse("2025-03-14T10:15:01.904Z"),
            Instant.parse("2025-03-15T08:02:11.001Z"), Instant.parse("2025-03-14T10:15:01.999Z"))
        .expiryDate(Instant.parse("2099-12-31T23:59:59.999Z"))
        .certificate("c0ffee00-1111-4222-8333-444455556666",
            "https://certificates.example.com/c0ffee00.pdf?sig=a%2Fb&x=1",
            LocalDate.of(2028, 2, 29))
        .updatedAtSecond(3_600)
        .completedAt(Instant.parse("2025-03-18T07:44:11.190Z"), 1.0)
        .event("20250318074411220000444", Instant.parse("2025-03-18T07:44:11.213Z"));

    repository.apply(event);

    StoredEnrollment stored = stored(id(1));
    assertThat(stored.snapshot()).usingRecursiveComparison().isEqualTo(event.snapshot());
    assertThat(stored).isEqualTo(stateOf(event));
  }

  @Test
  void aPercentageThatIsNotARoundNumberIsStoredExactly() {
    EnrollmentEvent event = enrollment(id(1)).notCompleted().percentage(1.0 / 3).event("evt-1");

    repository.apply(event);

    assertThat(stored(id(1)).snapshot().percentageCompleted()).isEqualTo(1.0 / 3);
  }

  @Test
  void fieldsThatAreAbsentAreStoredAsNull() {
    EnrollmentEvent event = enrollment(id(1))
        .user(null, null, null)
        .course(null, null)
        .flags(null, null)
        .dates(null, null, null)
        .expiryDate(null)
        .certificate(null, null, null)
        .notCompleted()
        .percentage(0.0)
        .event("evt-1");

    repository.apply(event);

    assertThat(stored(id(1))).isEqualTo(stateOf(event));
  }

  // Last write wins on (updatedAt, occurredAt)

  @Test
  void aNewerUpdatedAtReplacesTheStoredSnapshotAndReportsUpdated() {
    repository.apply(enrollment(id(1)).updatedAtSecond(10).percentage(0.25).event("evt-1"));
    EnrollmentEvent newer = enrollment(id(1)).updatedAtSecond(20).percentage(0.5)
        .course(5022L, "Rye Breads").flags(true, null).event("evt-2");

    ApplyOutcome outcome = repository.apply(newer);

    assertThat(outcome).isEqualTo(UPDATED);
    assertThat(stored(id(1))).isEqualTo(stateOf(newer));
  }

  @Test
  void anOlderUpdatedAtIsStaleAndChangesNothing() {
    EnrollmentEvent current = enrollment(id(1)).updatedAtSecond(20).percentage(0.5).event("evt-2");
    repository.apply(current);
    EnrollmentEvent older = enrollment(id(1)).updatedAtSecond(10).percentage(0.75)
        .event("evt-1", T0.plusSeconds(99));

    ApplyOutcome outcome = repository.apply(older);

    assertThat(outcome).isEqualTo(STALE);
    assertThat(stored(id(1))).isEqualTo(stateOf(current));
  }

  @Test
  void anEqualUpdatedAtWithALaterOccurredAtWinsTheTie() {
    repository.apply(enrollment(id(1)).updatedAtSecond(20).percentage(0.5)
        .event("evt-1", T0.plusSeconds(21)));
    EnrollmentEvent later = enrollment(id(1)).updatedAtSecond(20).percentage(0.6)
        .event("evt-2", T0.plusSeconds(21).plusMillis(1));

    ApplyOutcome outcome = repository.apply(later);

    assertThat(outcome).isEqualTo(UPDATED);
    assertThat(stored(id(1))).isEqualTo(stateOf(later));
  }

  @Test
  void anEqualUpdatedAtWithAnEarlierOccurredAtIsStale() {
    EnrollmentEvent current = enrollment(id(1)).updatedAtSecond(20).percentage(0.5)
        .event("evt-2", T0.plusSeconds(22));
    repository.apply(current);
    EnrollmentEvent earlier = enrollment(id(1)).updatedAtSecond(20).percentage(0.6)
        .event("evt-1", T0.plusSeconds(21));

    ApplyOutcome outcome = repository.apply(earlier);

    assertThat(outcome).isEqualTo(STALE);
    assertThat(stored(id(1))).isEqualTo(stateOf(current));
  }

  @Test
  void anEqualVersionIsStaleEvenWhenTheContentDiffers() {
    EnrollmentEvent current = enrollment(id(1)).updatedAtSecond(20).percentage(0.5)
        .event("evt-1", T0.plusSeconds(21));
    repository.apply(current);
    EnrollmentEvent sameVersion = enrollment(id(1)).updatedAtSecond(20).percentage(0.9)
        .courseName("Other").event("evt-2", T0.plusSeconds(21));

    ApplyOutcome outcome = repository.apply(sameVersion);

    assertThat(outcome).isEqualTo(STALE);
    assertThat(stored(id(1))).isEqualTo(stateOf(current));
  }

  // Completion is final

  @Test
  void aNewerSnapshotThatIsNotCompletedKeepsTheCompletionAndReportsKeptCompleted() {
    Instant completedAt = T0.plusSeconds(30).plusMillis(190);
    repository.apply(enrollment(id(1)).updatedAtSecond(30).completedAt(completedAt)
        .event("evt-1"));
    EnrollmentEvent newer = enrollment(id(1)).updatedAtSecond(90).notCompleted().percentage(0.4)
        .expiryDate(T0.plusSeconds(900_000)).activatedAt(T0.plusSeconds(80))
        .courseName("Intro to Sourdough, 2nd edition").event("evt-2");

    ApplyOutcome outcome = repository.apply(newer);

    assertThat(outcome).isEqualTo(KEPT_COMPLETED);
    EnrollmentSnapshot expected =
        SnapshotBuilder.from(newer.snapshot()).completedAt(completedAt, 1.0).build();
    assertThat(stored(id(1))).isEqualTo(new StoredEnrollment(expected, newer.occurredAt(),
        "evt-2"));
  }

  @Test
  void aCompletedEnrollmentIsStoredAtFullPercentageWhateverTheSnapshotsSay() {
    Instant completedAt = T0.plusSeconds(30);
    ApplyOutcome completion = repository.apply(enrollment(id(1)).updatedAtSecond(30)
        .completedAt(completedAt, 0.9).event("evt-1"));
    double afterCompletion = stored(id(1)).snapshot().percentageCompleted();

    ApplyOutcome lowerCompletion = repository.apply(enrollment(id(1)).updatedAtSecond(60)
        .completedAt(completedAt, 0.8).event("evt-2"));
    ApplyOutcome higherProgress = repository.apply(enrollment(id(1)).updatedAtSecond(90)
        .notCompleted().percentage(0.95).event("evt-3"));
    ApplyOutcome lowerProgress = repository.apply(enrollment(id(1)).updatedAtSecond(120)
        .notCompleted().percentage(0.5).event("evt-4"));

    assertThat(List.of(completion, lowerCompletion, higherProgress, lowerProgress))
        .containsExactly(INSERTED, UPDATED, KEPT_COMPLETED, KEPT_COMPLETED);
    assertThat(afterCompletion).isEqualTo(1.0);
    StoredEnrollment stored = stored(id(1));
    assertThat(stored.snapshot().percentageCompleted()).isEqualTo(1.0);
    assertThat(stored.snapshot().completed()).isTrue();
    assertThat(stored.lastEventId()).isEqualTo("evt-4");
  }

  @Test
  void aCompletionBelowFullPercentageAndProgressUpAndDownEndTheSameInEveryOrder() {
    List<List<Integer>> orders = permutations(3);
    Map<Long, List<EnrollmentEvent>> applied = new HashMap<>();
    for (int n = 0; n < orders.size(); n++) {
      long enrollmentId = id(n + 1);
      List<EnrollmentEvent> events = List.of(
          enrollment(enrollmentId).updatedAtSecond(30).completedAt(T0.plusSeconds(29), 0.9)
              .event("evt-30"),
          enrollment(enrollmentId).updatedAtSecond(60).notCompleted().percentage(0.95)
              .event("evt-60"),
          enrollment(enrollmentId).updatedAtSecond(90).notCompleted().percentage(0.5)
              .courseName("Renamed").event("evt-90"));
      applied.put(enrollmentId, reorder(events, orders.get(n)));
    }

    applied.values().forEach(this::applyOneByOne);

    for (Map.Entry<Long, List<EnrollmentEvent>> entry : applied.entrySet()) {
      EnrollmentEvent newest = entry.getValue().stream()
          .filter(e -> e.eventId().equals("evt-90")).findFirst().orElseThrow();
      EnrollmentSnapshot expected = SnapshotBuilder.from(newest.snapshot())
          .completedAt(T0.plusSeconds(29), 1.0).build();
      assertThat(stored(entry.getKey())).as("applied in the order %s", ids(entry.getValue()))
          .isEqualTo(new StoredEnrollment(expected, newest.occurredAt(), "evt-90"));
    }
  }

  @Test
  void aNewerCompletionKeepsTheEarliestCompletedAt() {
    Instant first = T0.plusSeconds(50);
    Instant earlier = T0.plusSeconds(40);
    repository.apply(enrollment(id(1)).updatedAtSecond(50).completedAt(first).event("evt-1"));

    ApplyOutcome withEarlier = repository.apply(enrollment(id(1)).updatedAtSecond(60)
        .completedAt(earlier).event("evt-2"));
    ApplyOutcome withLater = repository.apply(enrollment(id(1)).updatedAtSecond(80)
        .completedAt(T0.plusSeconds(70)).event("evt-3"));

    assertThat(List.of(withEarlier, withLater)).containsExactly(UPDATED, UPDATED);
    StoredEnrollment stored = stored(id(1));
    assertThat(stored.snapshot().completedAt()).isEqualTo(earlier);
    assertThat(stored.lastEventId()).isEqualTo("evt-3");
  }

  @Test
  void anOlderCompletionArrivingLateCompletesWithoutTouchingTheOtherFields() {
    EnrollmentEvent current = enrollment(id(1)).updatedAtSecond(100).percentage(0.6)
        .courseName("Newer name").expiryDate(T0.plusSeconds(500_000)).event("evt-2");
    repository.apply(current);
    Instant completedAt = T0.plusSeconds(45).plusMillis(7);
    EnrollmentEvent lateCompletion = enrollment(id(1)).updatedAtSecond(50)
        .completedAt(completedAt).courseName("Older name").expiryDate(T0.plusSeconds(400_000))
        .event("evt-1");

    ApplyOutcome outcome = repository.apply(lateCompletion);

    assertThat(outcome).isEqualTo(UPDATED);
    EnrollmentSnapshot expected =
        SnapshotBuilder.from(current.snapshot()).completedAt(completedAt, 1.0).build();
    assertThat(stored(id(1)))
        .isEqualTo(new StoredEnrollment(expected, current.occurredAt(), "evt-2"));
  }

  @Test
  void anOlderSnapshotThatIsNotCompletedIsStaleOnceCompleted() {
    EnrollmentEvent completion = enrollment(id(1)).updatedAtSecond(50)
        .completedAt(T0.plusSeconds(50)).event("evt-2");
    repository.apply(completion);

    ApplyOutcome outcome = repository.apply(enrollment(id(1)).updatedAtSecond(40)
        .notCompleted().percentage(0.9).event("evt-1"));

    assertThat(outcome).isEqualTo(STALE);
    assertThat(stored(id(1))).isEqualTo(stateOf(completion));
  }

  @Test
  void anOlderCompletionWithALaterCompletedAtIsStaleWhenTheEnrollmentIsAlreadyCompleted() {
    EnrollmentEvent completion = enrollment(id(1)).updatedAtSecond(50)
        .completedAt(T0.plusSeconds(50)).event("evt-2");
    repository.apply(completion);

    ApplyOutcome outcome = repository.apply(enrollment(id(1)).updatedAtSecond(40)
        .completedAt(T0.plusSeconds(55)).event("evt-1"));

    assertThat(outcome).isEqualTo(STALE);
    assertThat(stored(id(1))).isEqualTo(stateOf(completion));
  }

  @Test
  void anOlderCompletionWithAnEarlierCompletedAtReplacesOnlyTheCompletedAt() {
    EnrollmentEvent completion = enrollment(id(1)).updatedAtSecond(50)
        .completedAt(T0.plusSeconds(50)).courseName("Newer name").event("evt-2");
    repository.apply(completion);

    ApplyOutcome outcome = repository.apply(enrollment(id(1)).updatedAtSecond(40)
        .completedAt(T0.plusSeconds(40)).courseName("Older name").event("evt-1"));

    assertThat(outcome).isEqualTo(UPDATED);
    EnrollmentSnapshot expected = SnapshotBuilder.from(completion.snapshot())
        .completedAt(T0.plusSeconds(40)).build();
    assertThat(stored(id(1)))
        .isEqualTo(new StoredEnrollment(expected, completion.occurredAt(), "evt-2"));
  }

  @Test
  void twoCompletionsWithDifferentCompletedAtKeepTheEarliestInEitherOrder() {
    List<EnrollmentEvent> olderFirst = twoCompletions(id(1));
    List<EnrollmentEvent> newerFirst = new ArrayList<>(twoCompletions(id(2)));
    Collections.reverse(newerFirst);

    List<ApplyOutcome> olderFirstOutcomes = applyOneByOne(olderFirst);
    List<ApplyOutcome> newerFirstOutcomes = applyOneByOne(newerFirst);

    assertThat(olderFirstOutcomes).containsExactly(INSERTED, UPDATED);
    assertThat(newerFirstOutcomes).containsExactly(INSERTED, UPDATED);
    for (List<EnrollmentEvent> events : List.of(olderFirst, newerFirst)) {
      EnrollmentEvent newer = events.stream()
          .filter(e -> e.eventId().equals("evt-60")).findFirst().orElseThrow();
      EnrollmentSnapshot expected = SnapshotBuilder.from(newer.snapshot())
          .completedAt(T0.plusSeconds(45)).build();
      assertThat(stored(newer.enrollmentId())).as("applied in the order %s", ids(events))
          .isEqualTo(new StoredEnrollment(expected, newer.occurredAt(), "evt-60"));
    }
  }

  // Fields only one source sends: expired (Admin API), the certificate (completion webhooks)

  @Test
  void aNewerSnapshotWithoutTheCertificateOrExpiredKeepsTheStoredValues() {
    LocalDate certificateExpiry = LocalDate.of(2027, 3, 18);
    repository.apply(enrollment(id(1)).updatedAtSecond(10).flags(null, false)
        .certificate("cred-1", "https://certificates.example.com/cred-1.pdf", certificateExpiry)
        .completedAt(T0.plusSeconds(10)).event("webhook-completed"));
    EnrollmentEvent poll = enrollment(id(1)).updatedAtSecond(20).flags(true, false)
        .certificate(null, null, null).courseName("Moved by an admin")
        .completedAt(T0.plusSeconds(10)).event("poll-20");

    ApplyOutcome fromPoll = repository.apply(poll);
    ApplyOutcome fromWebhook = repository.apply(enrollment(id(1)).updatedAtSecond(30)
        .flags(null, false).certificate(null, null, null).courseName("Renamed")
        .completedAt(T0.plusSeconds(10)).event("webhook-30"));

    assertThat(fromPoll).isEqualTo(UPDATED);
    assertThat(fromWebhook).isEqualTo(UPDATED);
    EnrollmentSnapshot row = stored(id(1)).snapshot();
    assertThat(row.courseName()).isEqualTo("Renamed");
    assertThat(row.expired()).isTrue();
    assertThat(row.credentialId()).isEqualTo("cred-1");
    assertThat(row.certificateUrl()).isEqualTo("https://certificates.example.com/cred-1.pdf");
    assertThat(row.certificateExpiryDate()).isEqualTo(certificateExpiry);
    assertThat(stored(id(1)).lastEventId()).isEqualTo("webhook-30");
  }

  @Test
  void anOlderSnapshotFillsOnlyTheOneSourceFieldsStillNullAndKeepsTheVersion() {
    EnrollmentEvent newer = enrollment(id(1)).updatedAtSecond(20).flags(null, false)
        .certificate(null, null, null).courseName("Newer").percentage(0.6).event("webhook-20");
    repository.apply(newer);
    EnrollmentEvent olderPoll = enrollment(id(1)).updatedAtSecond(10).flags(false, true)
        .certificate(null, null, null).courseName("Older").percentage(0.3).event("poll-10");

    ApplyOutcome filled = repository.apply(olderPoll);
    ApplyOutcome again = repository.apply(olderPoll);

    assertThat(filled).isEqualTo(UPDATED);
    assertThat(again).isEqualTo(STALE);
    EnrollmentSnapshot expected = SnapshotBuilder.from(newer.snapshot()).flags(false, false)
        .build();
    assertThat(stored(id(1))).isEqualTo(
        new StoredEnrollment(expected, newer.occurredAt(), "webhook-20"));
  }

  @Test
  void oneSourceFieldsEndTheSameWhateverTheOrder() {
    List<List<Integer>> orders = permutations(3);
    Map<Long, List<EnrollmentEvent>> applied = new HashMap<>();
    for (int n = 0; n < orders.size(); n++) {
      long enrollmentId = id(n + 1);
      List<EnrollmentEvent> events = List.of(
          enrollment(enrollmentId).updatedAtSecond(10).flags(null, false)
              .certificate("cred-9", "https://certificates.example.com/cred-9.pdf", null)
              .completedAt(T0.plusSeconds(10)).event("w-completed"),
          enrollment(enrollmentId).updatedAtSecond(15).flags(null, false)
              .certificate(null, null, null).notCompleted().percentage(0.4).event("w-progress"),
          enrollment(enrollmentId).updatedAtSecond(20).flags(true, false)
              .certificate(null, null, null).notCompleted().percentage(0.4).event("poll-20"));
      applied.put(enrollmentId, reorder(events, orders.get(n)));
    }

    applied.values().forEach(this::applyOneByOne);

    for (Map.Entry<Long, List<EnrollmentEvent>> entry : applied.entrySet()) {
      EnrollmentEvent newest = entry.getValue().stream()
          .filter(e -> e.eventId().equals("poll-20")).findFirst().orElseThrow();
      EnrollmentSnapshot expected = SnapshotBuilder.from(newest.snapshot())
          .completedAt(T0.plusSeconds(10), 1.0)
          .certificate("cred-9", "https://certificates.example.com/cred-9.pdf", null).build();
      assertThat(stored(entry.getKey())).as("applied in the order %s", ids(entry.getValue()))
          .isEqualTo(new StoredEnrollment(expected, newest.occurredAt(), "poll-20"));
    }
  }

  // Replays

  @Test
  void applyingTheSameEventAgainIsStaleAndChangesNothing() {
    EnrollmentEvent event = enrollment(id(1)).updatedAtSecond(10).event("evt-1");
    repository.apply(event);

    ApplyOutcome again = repository.apply(event);

    assertThat(again).isEqualTo(STALE);
    assertThat(stored(id(1))).isEqualTo(stateOf(event));
  }

  @Test
  void replayingAWholeHistoryReportsStaleForEveryEventAndKeepsTheRow() {
    List<EnrollmentEvent> history = history(id(1));
    List<ApplyOutcome> first = applyOneByOne(history);
    StoredEnrollment afterFirst = stored(id(1));

    List<ApplyOutcome> second = applyOneByOne(history);
    List<ApplyOutcome> batched = repository.applyAll(history);

    assertThat(first).containsExactly(
        INSERTED, UPDATED, UPDATED, KEPT_COMPLETED, STALE, KEPT_COMPLETED, STALE);
    assertThat(second).containsOnly(STALE).hasSize(history.size());
    assertThat(batched).containsOnly(STALE).hasSize(history.size());
    assertThat(stored(id(1))).isEqualTo(afterFirst);
  }

  @Test
  void applyingEveryEventTwiceReportsTheOutcomesOfApplyingItOnce() {
    List<ApplyOutcome> once = applyOneByOne(history(id(1)));

    List<ApplyOutcome> twice = new ArrayList<>();
    for (EnrollmentEvent event : history(id(2))) {
      twice.add(repository.apply(event));
      assertThat(repository.apply(event)).as("the copy of %s", event.eventId()).isEqualTo(STALE);
    }

    assertThat(twice).isEqualTo(once);
    assertThat(stored(id(2)).snapshot())
        .usingRecursiveComparison().ignoringFields("enrollmentId")
        .isEqualTo(stored(id(1)).snapshot());
  }

  // Batches

  @Test
  void applyAllOfNoEventsReturnsNoOutcomes() {
    assertThat(repository.applyAll(List.of())).isEmpty();
  }

  @Test
  void applyAllReportsWhatApplyingTheEventsOneByOneWouldReport() {
    repository.apply(enrollment(id(1)).updatedAtSecond(50).percentage(0.5).event("a-50"));
    repository.apply(enrollment(id(2)).updatedAtSecond(50).completedAt(T0.plusSeconds(50))
        .event("b-50"));
    repository.apply(enrollment(id(4)).updatedAtSecond(50).percentage(0.7).event("d-50"));
    Map<Long, StoredEnrollment> before = storedRows(id(1), id(2), id(3), id(4));
    List<EnrollmentEvent> batch = List.of(
        enrollment(id(3)).updatedAtSecond(10).event("c-10"),
        enrollment(id(1)).updatedAtSecond(60).percentage(0.6).event("a-60"),
        enrollment(id(2)).updatedAtSecond(70).notCompleted().percentage(0.2).event("b-70"),
        enrollment(id(1)).updatedAtSecond(40).percentage(0.9).event("a-40"),
        enrollment(id(4)).updatedAtSecond(40).completedAt(T0.plusSeconds(40)).event("d-40"),
        enrollment(id(3)).updatedAtSecond(20).percentage(0.3).event("c-20"),
        enrollment(id(3)).updatedAtSecond(15).percentage(0.9).event("c-15"),
        enrollment(id(1)).updatedAtSecond(60).percentage(0.6).event("a-60"),
        enrollment(id(2)).updatedAtSecond(20).completedAt(T0.plusSeconds(20)).event("b-20"));

    List<ApplyOutcome> outcomes = repository.applyAll(batch);

    assertThat(outcomes).containsExactly(INSERTED, UPDATED, KEPT_COMPLETED, STALE, UPDATED,
        UPDATED, STALE, STALE, UPDATED);
    Map<Long, StoredEnrollment> expected = new HashMap<>(before);
    assertThat(outcomes).isEqualTo(applyRule(expected, batch));
    assertThat(storedRows(id(1), id(2), id(3), id(4))).isEqualTo(expected);
  }

  @Test
  void applyAllWithManyEventsForOneEnrollmentEndsAtTheGreatestVersion() {
    List<EnrollmentEvent> versions = new ArrayList<>(history(id(1)));
    versions.add(enrollment(id(1)).updatedAtSecond(5).completedAt(T0.plusSeconds(5))
        .event("h-early-completion"));
    Collections.shuffle(versions, new Random(20250318));

    List<ApplyOutcome> outcomes = repository.applyAll(versions);

    Map<Long, StoredEnrollment> expected = new HashMap<>();
    assertThat(outcomes).isEqualTo(applyRule(expected, versions));
    assertThat(outcomes).filteredOn(o -> o == INSERTED).hasSize(1);
    assertThat(stored(id(1))).isEqualTo(expected.get(id(1)));
  }

  // Concurrency

  @Test
  void manyThreadsApplyingShuffledDuplicatesConvergeOnTheGreatestVersion() throws Exception {
    ConcurrentApplication run = new ConcurrentApplication(this::id, 100, 10_000, 8);

    run.applyWith(repository);

    for (long enrollmentId : run.enrollmentIds()) {
      assertThat(repository.find(enrollmentId))
          .as("enrollment %d (seed %d)", enrollmentId, run.seed())
          .contains(run.expected(enrollmentId));
    }
    assertThat(run.insertedCount())
        .as("INSERTED outcomes, one per enrollment (seed %d)", run.seed())
        .isEqualTo(100);
    assertThat(run.eventsChangedMoreThanOnce())
        .as("events whose copies changed the row more than once (seed %d)", run.seed())
        .isEmpty();
  }

  // Helpers

  /** A history with every kind of outcome, for one enrollment, in the order it is applied. */
  private static List<EnrollmentEvent> history(long enrollmentId) {
    Instant completedAt = T0.plusSeconds(30);
    return List.of(
        enrollment(enrollmentId).updatedAtSecond(10).percentage(0.1).event("h-10"),
        enrollment(enrollmentId).updatedAtSecond(20).percentage(0.5).event("h-20"),
        enrollment(enrollmentId).updatedAtSecond(30).completedAt(completedAt).event("h-30"),
        enrollment(enrollmentId).updatedAtSecond(40).notCompleted().percentage(0.8)
            .expiryDate(T0.plusSeconds(9_000_000)).event("h-40"),
        enrollment(enrollmentId).updatedAtSecond(25).percentage(0.7).event("h-25"),
        enrollment(enrollmentId).updatedAtSecond(50).notCompleted().percentage(0.9)
            .courseName("Renamed").event("h-50"),
        enrollment(enrollmentId).updatedAtSecond(45).completedAt(T0.plusSeconds(44))
            .event("h-45"));
  }

  /**
   * Two completions of one enrollment, in version order, where the older one says it completed
   * earlier: applied in either order, the row keeps the newer fields and the earlier time.
   */
  private static List<EnrollmentEvent> twoCompletions(long enrollmentId) {
    return List.of(
        enrollment(enrollmentId).updatedAtSecond(50).completedAt(T0.plusSeconds(45))
            .courseName("Older name").event("evt-50"),
        enrollment(enrollmentId).updatedAtSecond(60).completedAt(T0.plusSeconds(55))
            .courseName("Newer name").expiryDate(T0.plusSeconds(800_000)).event("evt-60"));
  }

  /** Every order of the indexes 0 to size - 1. */
  private static List<List<Integer>> permutations(int size) {
    if (size == 0) {
      return List.of(List.of());
    }
    List<List<Integer>> all = new ArrayList<>();
    for (List<Integer> shorter : permutations(size - 1)) {
      for (int at = 0; at <= shorter.size(); at++) {
        List<Integer> order = new ArrayList<>(shorter);
        order.add(at, size - 1);
        all.add(order);
      }
    }
    return all;
  }

  private static List<EnrollmentEvent> reorder(List<EnrollmentEvent> events,
      List<Integer> order) {
    return order.stream().map(events::get).toList();
  }

  private static List<String> ids(List<EnrollmentEvent> events) {
    return events.stream().map(EnrollmentEvent::eventId).toList();
  }

  private List<ApplyOutcome> applyOneByOne(List<EnrollmentEvent> events) {
    List<ApplyOutcome> outcomes = new ArrayList<>();
    for (EnrollmentEvent event : events) {
      outcomes.add(repository.apply(event));
    }
    return outcomes;
  }

  /** Applies the events to the given rows with {@link ApplyRule}, one by one, in order. */
  static List<ApplyOutcome> applyRule(Map<Long, StoredEnrollment> rows,
      List<EnrollmentEvent> events) {
    List<ApplyOutcome> outcomes = new ArrayList<>();
    for (EnrollmentEvent event : events) {
      ApplyRule.Result result = ApplyRule.apply(rows.get(event.enrollmentId()), event);
      rows.put(event.enrollmentId(), result.state());
      outcomes.add(result.outcome());
    }
    return outcomes;
  }

  private Map<Long, StoredEnrollment> storedRows(long... enrollmentIds) {
    Map<Long, StoredEnrollment> rows = new HashMap<>();
    for (long enrollmentId : enrollmentIds) {
      repository.find(enrollmentId).ifPresent(row -> rows.put(enrollmentId, row));
    }
    return rows;
  }

  private StoredEnrollment stored(long enrollmentId) {
    return repository.find(enrollmentId).orElseThrow(() -> new AssertionError(
        "find(" + enrollmentId + ") returned empty right after an apply stored it"));
  }

  private static StoredEnrollment stateOf(EnrollmentEvent event) {
    return new StoredEnrollment(event.snapshot(), event.occurredAt(), event.eventId());
  }
}
