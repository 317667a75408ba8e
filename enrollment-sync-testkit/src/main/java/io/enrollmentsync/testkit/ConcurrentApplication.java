package io.enrollmentsync.testkit;

import static io.enrollmentsync.testkit.SnapshotBuilder.T0;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.ApplyRule;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToLongFunction;

/**
 * Many threads applying shuffled events, with duplicates, for a set of enrollments at once, and
 * the state each enrollment must end in.
 *
 * <p>Versions are distinct (some share {@code updatedAt} and differ in {@code occurredAt}) and
 * duplicates are exact copies, as {@link ApplyRule} assumes. Otherwise the histories are
 * deliberately awkward: an enrollment may complete several times with different {@code
 * completedAt} values (an older version may carry the earlier one, some carry none), completions
 * may be below 100%, and progress goes up and down before and after. Under {@link ApplyRule} the
 * row depends only on the set of events applied, so the expected row is the fold of {@link
 * ApplyRule} over the events sorted by version.
 */
final class ConcurrentApplication {
  /** Guards against a hang only; the test asserts no duration. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(5);

  private final long seed = new Random().nextLong();
  private final int threads;
  private final List<Long> enrollmentIds = new ArrayList<>();
  private final List<EnrollmentEvent> events = new ArrayList<>();
  private final Map<Long, StoredEnrollment> expected = new HashMap<>();
  private final AtomicInteger inserted = new AtomicInteger();
  private final Map<String, AtomicInteger> changesPerEvent = new ConcurrentHashMap<>();

  /**
   * Generates the events.
   *
   * @param ids gives the n-th enrollment id, from 1
   * @param enrollments how many enrollments
   * @param total how many events, duplicates included
   * @param threads how many threads apply them
   */
  ConcurrentApplication(IntToLongFunction ids, int enrollments, int total, int threads) {
    this.threads = threads;
    Random random = new Random(seed);
    int versions = Math.max(2, total * 2 / 5 / enrollments);
    List<EnrollmentEvent> distinct = new ArrayList<>();
    for (int n = 1; n <= enrollments; n++) {
      long enrollmentId = ids.applyAsLong(n);
      enrollmentIds.add(enrollmentId);
      List<EnrollmentEvent> history = history(enrollmentId, versions, random);
      distinct.addAll(history);
      expected.put(enrollmentId, foldByVersion(history));
    }
    events.addAll(distinct);
    while (events.size() < total) {
      events.add(distinct.get(random.nextInt(distinct.size())));
    }
    Collections.shuffle(events, random);
  }

  private static List<EnrollmentEvent> history(long enrollmentId, int versions, Random random) {
    Set<Integer> completions = completions(versions, random);
    // A one-source field (ApplyRule): one value for the enrollment, absent from some versions.
    boolean expired = random.nextBoolean();
    List<EnrollmentEvent> history = new ArrayList<>();
    for (int k = 0; k < versions; k++) {
      // Two versions per updatedAt, told apart by occurredAt, so ties are exercised too.
      Instant updatedAt = T0.plusSeconds(k / 2);
      Instant occurredAt = updatedAt.plusMillis(k % 2 == 0 ? 100 : 200);
      SnapshotBuilder snapshot = SnapshotBuilder.enrollment(enrollmentId)
          .updatedAtSecond(k / 2)
          .courseName("Course version " + k)
          .expiryDate(T0.plusSeconds(86_400L * (k + 1)))
          .activatedAt(T0.minusSeconds(random.nextInt(100_000)))
          .flags(k % 3 == 0 ? null : expired, random.nextBoolean());
      if (completions.contains(k)) {
        // Unrelated to the version: a later completion may say it happened earlier.
        Instant completedAt = random.nextInt(8) == 0
            ? null
            : T0.plusSeconds(random.nextInt(versions)).plusMillis(50);
        double percentage = random.nextBoolean() ? 1.0 : (50 + random.nextInt(50)) / 100.0;
        snapshot.completedAt(completedAt, percentage);
      } else {
        snapshot.notCompleted().percentage(random.nextInt(100) / 100.0);
      }
      history.add(snapshot.event("c-" + enrollmentId + "-" + k, occurredAt));
    }
    return history;
  }

  /** The versions that are completions: none for 4 enrollments in 10, else one to three. */
  private static Set<Integer> completions(int versions, Random random) {
    Set<Integer> completions = new HashSet<>();
    if (random.nextInt(10) < 4) {
      return completions;
    }
    int first = versions / 4 + random.nextInt(versions / 2);
    int count = Math.min(1 + random.nextInt(3), versions - first);
    completions.add(first);
    while (completions.size() < count) {
      completions.add(first + random.nextInt(versions - first));
    }
    return completions;
  }

  private static StoredEnrollment foldByVersion(List<EnrollmentEvent> history) {
    List<EnrollmentEvent> sorted = new ArrayList<>(history);
    sorted.sort(EnrollmentEvent.VERSION_ORDER);
    StoredEnrollment state = null;
    for (EnrollmentEvent event : sorted) {
      state = ApplyRule.apply(state, event).state();
    }
    return state;
  }

  /**
   * Applies every event from the threads at once: each thread takes a slice of the shuffled
   * events and applies them one at a time or in small batches, at random.
   */
  void applyWith(EnrollmentRepository repository) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      int slice = (events.size() + threads - 1) / threads;
      for (int t = 0; t < threads; t++) {
        List<EnrollmentEvent> mine =
            events.subList(Math.min(events.size(), t * slice),
                Math.min(events.size(), (t + 1) * slice));
        Random random = new Random(seed + t);
        futures.add(pool.submit(() -> {
          start.await();
          applySlice(repository, mine, random);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        try {
          future.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          throw new AssertionError("A thread failed to apply its events (seed " + seed + ")",
              e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void applySlice(EnrollmentRepository repository, List<EnrollmentEvent> slice,
      Random random) {
    int i = 0;
    while (i < slice.size()) {
      int size = random.nextBoolean() ? 1 : 2 + random.nextInt(15);
      List<EnrollmentEvent> batch = slice.subList(i, Math.min(slice.size(), i + size));
      List<ApplyOutcome> outcomes = batch.size() == 1
          ? List.of(repository.apply(batch.get(0)))
          : repository.applyAll(batch);
      if (outcomes.size() != batch.size()) {
        throw new AssertionError("applyAll returned " + outcomes.size() + " outcomes for "
            + batch.size() + " events");
      }
      for (int j = 0; j < batch.size(); j++) {
        record(batch.get(j), outcomes.get(j));
      }
      i += batch.size();
    }
  }

  private void record(EnrollmentEvent event, ApplyOutcome outcome) {
    if (outcome == null) {
      throw new AssertionError("a null outcome for event " + event.eventId());
    }
    if (outcome == ApplyOutcome.INSERTED) {
      inserted.incrementAndGet();
    }
    if (outcome.changed()) {
      changesPerEvent.computeIfAbsent(event.eventId(), id -> new AtomicInteger())
          .incrementAndGet();
    }
  }

  long seed() {
    return seed;
  }

  List<Long> enrollmentIds() {
    return enrollmentIds;
  }

  StoredEnrollment expected(long enrollmentId) {
    return expected.get(enrollmentId);
  }

  int insertedCount() {
    return inserted.get();
  }

  /** Returns the ids of events that more than one of their copies reported as a change. */
  List<String> eventsChangedMoreThanOnce() {
    return changesPerEvent.entrySet().stream()
        .filter(e -> e.getValue().get() > 1)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }
}
