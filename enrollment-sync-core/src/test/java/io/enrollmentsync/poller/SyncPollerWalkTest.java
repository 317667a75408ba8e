package io.enrollmentsync.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.memory.InMemoryEnrollmentRepository;
import io.enrollmentsync.spi.RejectedDelivery;
import io.enrollmentsync.spi.StoredEnrollment;
import io.enrollmentsync.testing.FakeThinkificApi;
import io.enrollmentsync.testing.FakeThinkificApi.Answer;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.thinkific.ThinkificClient;
import io.enrollmentsync.worker.SyncWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncPollerWalkTest {
  private final PollerHarness h = new PollerHarness("2025-03-20T00:00:00Z");

  @AfterEach
  void close() {
    h.close();
  }

  private static Instant at(String text) {
    return Instant.parse(text);
  }

  private static List<Long> ids(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
  }

  private void cursorAt(String text) {
    h.cursors.save("enrollments", at(text));
    h.cursors.saves.clear();
  }

  @Test
  void oneRunAgainstTheSharedPagesStoresEnrollment880102AtThirtyPercentAnd880103Expired()
      throws Exception {
    h.api.putSamplePages();
    cursorAt("2025-03-18T00:02:00Z");
    SyncPoller poller = h.poller(c -> c.pageSize(2), c -> c);
    InMemoryEnrollmentRepository repository = new InMemoryEnrollmentRepository();

    PollRunSummary summary = poller.runNow();
    try (SyncWorker worker = SyncWorker.builder().queue(h.queue).repository(repository)
        .pollTimeout(Duration.ofMillis(50)).build().start()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> repository.size() == 3);
    }

    assertThat(summary.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(summary.queued()).isEqualTo(3);
    StoredEnrollment grace = repository.find(880102).orElseThrow();
    assertThat(grace.snapshot().percentageCompleted()).isEqualTo(0.3);
    assertThat(grace.snapshot().updatedAt()).isEqualTo(at("2025-03-19T12:05:00Z"));
    StoredEnrollment alan = repository.find(880103).orElseThrow();
    assertThat(alan.snapshot().expired()).isTrue();
    assertThat(repository.find(880101).orElseThrow().snapshot().completed()).isTrue();
    assertThat(h.cursors.current()).isEqualTo(at("2025-03-19T23:59:55Z"));
    assertThat(summary.cursorAfter()).isEqualTo(at("2025-03-19T23:59:55Z"));
  }

  @Test
  void fakeAnswersTheSharedWindowWithExactlyTheSharedPages() throws Exception {
    h.api.putSamplePages();
    HttpClient http = HttpClient.newHttpClient();

    for (int page = 1; page <= 2; page++) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(h.api.baseUrl()
              + "/enrollments?page=" + page + "&limit=2"
              + "&query%5Bupdated_after%5D=2025-03-18T00%3A00%3A00Z"))
          .header("X-Auth-API-Key", FakeThinkificApi.API_KEY)
          .header("X-Auth-Subdomain", FakeThinkificApi.SUBDOMAIN).build();
      byte[] body = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();

      assertThat(FakeThinkificApi.readTree(body))
          .isEqualTo(FakeThinkificApi.readTree(SampleDeliveries.apiPage(page)));
    }
  }

  @Test
  void rowsThatMoveBetweenPagesWhileTheWalkRunsAreAllQueued() throws Exception {
    LongStream.rangeClosed(1, 9).forEach(id -> h.api.put(id, "2025-03-19T23:40:0" + id + "Z"));
    cursorAt("2025-03-19T23:30:00Z");
    // Before the second request, row 1 changes: it leaves the window and the rows behind it move
    // up a slot, so a plain page walk would never see row 4 (see the control test below).
    h.api.intercept(r -> {
      if (r.number() == 2) {
        h.api.update(1, "2025-03-20T00:00:10Z", 0.9);
      }
      return null;
    });
    SyncPoller poller = h.poller(c -> c.pageSize(3), c -> c);

    PollRunSummary first = poller.runNow();
    List<Long> firstIds = h.drainIds();
    h.time.advance(Duration.ofMinutes(3));
    PollRunSummary second = poller.runNow();
    List<EnrollmentEvent> secondEvents = h.drain();

    assertThat(first.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(firstIds).containsAll(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));
    assertThat(second.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(secondEvents).extracting(e -> e.snapshot().updatedAt())
        .contains(at("2025-03-20T00:00:10Z"));
  }

  @Test
  void plainPageWalkOverTheSameShiftingRowsMissesOneWhichIsWhyThePollerSlices()
      throws Exception {
    LongStream.rangeClosed(1, 9).forEach(id -> h.api.put(id, "2025-03-19T23:40:0" + id + "Z"));
    h.api.intercept(r -> {
      if (r.number() == 2) {
        h.api.update(1, "2025-03-20T00:00:10Z", 0.9);
      }
      return null;
    });
    ThinkificClient client = new ThinkificClient(h.clientConfig().pageSize(3).build());
    List<Long> seen = new ArrayList<>();

    client.walkEnrollments(at("2025-03-19T23:28:00Z"), at("2025-03-19T23:59:55Z"), 10,
        page -> page.items().forEach(item -> seen.add(item.get("id").asLong())));

    assertThat(seen).doesNotContain(4L).contains(1L, 2L, 3L, 5L);
  }

  @Test
  void twoEnrollmentsUpdatedInTheSameSecondAreBothQueuedWhenTheRunIsCutBetweenThem()
      throws Exception {
    h.api.put(11, "2025-03-19T23:59:50.100Z");
    h.api.put(12, "2025-03-19T23:59:50.900Z");
    cursorAt("2025-03-19T23:59:00Z");
    // now - safety lag = 23:59:50.500, between the two updates.
    h.time.set(at("2025-03-19T23:59:55.500Z"));
    SyncPoller poller = h.poller(c -> c, c -> c.overlap(Duration.ofSeconds(1)));

    PollRunSummary first = poller.runNow();
    List<Long> firstIds = h.drainIds();
    h.time.advance(Duration.ofMinutes(3));
    int requestsBefore = h.api.requests().size();
    PollRunSummary second = poller.runNow();
    List<Long> secondIds = h.drainIds();

    assertThat(first.cursorAfter()).isEqualTo(at("2025-03-19T23:59:50Z"));
    assertThat(firstIds).isEmpty();
    assertThat(h.api.requests().get(requestsBefore).param("query[updated_after]"))
        .isEqualTo("2025-03-19T23:59:48Z");
    assertThat(second.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(secondIds).containsExactlyInAnyOrder(11L, 12L);
  }

  @Test
  void rowThatBecomesVisibleLateInsideTheOverlapIsQueuedByTheNextRun() throws Exception {
    h.api.put(21, "2025-03-19T23:55:00Z");
    cursorAt("2025-03-19T23:50:00Z");
    SyncPoller poller = h.poller();

    PollRunSummary first = poller.runNow();
    List<Long> firstIds = h.drainIds();
    // Written at 23:59:00 but committed (visible) only after the first run read that second.
    h.api.put(22, "2025-03-19T23:59:00Z");
    h.time.advance(Duration.ofMinutes(3));
    PollRunSummary second = poller.runNow();
    List<Long> secondIds = h.drainIds();

    assertThat(first.cursorAfter()).isEqualTo(at("2025-03-19T23:59:55Z"));
    assertThat(firstIds).containsExactly(21L);
    assertThat(second.windowStart()).isEqualTo(at("2025-03-19T23:57:55Z"));
    assertThat(secondIds).containsExactly(22L);
  }

  @Test
  void hostClockTenMinutesAheadOfThinkificStillQueuesARowThatBecameVisibleAfterTheRun()
      throws Exception {
    // The fake's Date header is the real time: Thinkific's clock. Ours runs 10 minutes ahead.
    Instant thinkificNow = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    h.time.set(thinkificNow.plus(Duration.ofMinutes(10)));
    h.api.put(51, thinkificNow.minusSeconds(60).toString());
    h.cursors.save("enrollments", thinkificNow.minusSeconds(90));
    SyncPoller poller = h.poller();

    PollRunSummary first = poller.runNow();
    List<Long> ids = new ArrayList<>(h.drainIds());
    // Stamped by Thinkific just before the first run read it, committed (visible) just after.
    h.api.put(52, thinkificNow.toString());
    h.time.advance(Duration.ofMinutes(3));
    PollRunSummary second = poller.runNow();
    ids.addAll(h.drainIds());

    assertThat(first.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(second.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(ids).containsExactly(51L, 52L);
    assertThat(first.cursorAfter()).isBefore(thinkificNow.plusSeconds(60));
  }

  @Test
  void cursorInTheFutureIsReadFromNowMinusTheOverlapAndMovedBackInsteadOfPollingNothing()
      throws Exception {
    // Saved by a host whose clock ran a day fast, or set by hand to the wrong day.
    cursorAt("2025-03-21T00:00:00Z");
    h.api.put(53, "2025-03-19T23:59:00Z");
    SyncPoller poller = h.poller();

    PollRunSummary summary = poller.runNow();

    assertThat(summary.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(h.drainIds()).containsExactly(53L);
    assertThat(summary.windowStart()).isEqualTo(at("2025-03-19T23:57:55Z"));
    assertThat(h.cursors.current()).isEqualTo(at("2025-03-19T23:59:55Z"));
    assertThat(h.gauge("cursor_age_seconds")).isEqualTo(5L);
  }

  @Test
  void failureOnPageThreeLeavesTheCursorUnchangedUntilARunSucceeds() throws Exception {
    LongStream.rangeClosed(31, 37)
        .forEach(id -> h.api.put(id, "2025-03-19T23:40:00." + (100 + id) + "Z"));
    cursorAt("2025-03-19T23:30:00Z");
    h.api.intercept(r -> r.page() == 3 ? Answer.html(502) : null);
    SyncPoller poller = h.poller(c -> c.pageSize(3), c -> c);

    PollRunSummary failed = poller.runNow();
    List<Long> ids = new ArrayList<>(h.drainIds());
    Instant cursorAfterFailure = h.cursors.current();
    h.api.intercept(r -> null);
    h.time.advance(Duration.ofMinutes(3));
    PollRunSummary succeeded = poller.runNow();
    ids.addAll(h.drainIds());

    assertThat(failed.result()).isEqualTo(PollResult.FAILED);
    assertThat(failed.error()).contains("502");
    assertThat(h.api.requests()).anyMatch(r -> r.page() == 3);
    assertThat(failed.cursorAfter()).isEqualTo(at("2025-03-19T23:30:00Z"));
    assertThat(cursorAfterFailure).isEqualTo(at("2025-03-19T23:30:00Z"));
    assertThat(succeeded.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(succeeded.cursorBefore()).isEqualTo(at("2025-03-19T23:30:00Z"));
    assertThat(h.cursors.current()).isEqualTo(at("2025-03-20T00:02:55Z"));
    assertThat(ids).containsAll(ids(31, 37));
  }

  @Test
  void pageWithoutMetaEndsTheWalkAndItsItemsAreQueued() throws Exception {
    String body = "{\"items\":[" + FakeThinkificApi.item(41, "2025-03-19T23:59:00Z", 0.1) + ","
        + FakeThinkificApi.item(42, "2025-03-19T23:59:01Z", 0.2) + "]}";
    h.api.serveVerbatim(r -> body.getBytes(StandardCharsets.UTF_8));
    cursorAt("2025-03-19T23:58:00Z");

    PollRunSummary summary = h.poller().runNow();

    assertThat(summary.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(h.api.requests()).hasSize(1);
    assertThat(h.drainIds()).containsExactly(41L, 42L);
  }

  @Test
  void tooManyRequestsDuringARunIsWaitedOutAndTheRunSucceeds() throws Exception {
    h.api.put(43, "2025-03-19T23:59:00Z");
    h.api.enqueue(Answer.tooManyRequests(Map.of()));
    cursorAt("2025-03-19T23:58:00Z");

    PollRunSummary summary = h.poller().runNow();

    assertThat(summary.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(h.time.sleeps()).containsExactly(Duration.ofSeconds(60));
    assertThat(h.drainIds()).containsExactly(43L);
  }

  @Test
  void runsCountPagesItemsQueuedAndDuplicatesAndReportCursorAge() throws Exception {
    h.api.put(44, "2025-03-19T23:59:00Z");
    cursorAt("2025-03-19T23:58:00Z");
    SyncPoller poller = h.poller();

    poller.runNow();
    h.time.advance(Duration.ofSeconds(30));
    PollRunSummary second = poller.runNow();

    assertThat(second.duplicates()).isEqualTo(1);
    assertThat(h.counter("pages")).isEqualTo(2);
    assertThat(h.counter("items")).isEqualTo(2);
    assertThat(h.counter("queued")).isEqualTo(1);
    assertThat(h.counter("duplicates")).isEqualTo(1);
    assertThat(h.counter("runs.success")).isEqualTo(2);
    assertThat(h.gauge("cursor_age_seconds")).isEqualTo(5L);
    assertThat(h.gauge("last_success_age_seconds")).isEqualTo(0L);
  }

  @Test
  void firstRunWithoutCursorBackfillsFromTheStartDateSavingTheCursorAfterEachSlice()
      throws Exception {
    LongStream.rangeClosed(1, 10)
        .forEach(day -> h.api.put(50 + day, String.format("2025-03-%02dT12:00:00Z", day)));
    h.api.put(49, "2025-02-27T12:00:00Z");
    SyncPoller poller =
        h.poller(c -> c.pageSize(2), c -> c.backfillFrom(at("2025-03-01T00:00:00Z")));

    PollRunSummary summary = poller.runNow();

    assertThat(summary.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(summary.cursorBefore()).isNull();
    assertThat(summary.windowStart()).isEqualTo(at("2025-03-01T00:00:00Z"));
    assertThat(h.drainIds()).containsExactlyInAnyOrderElementsOf(
        ids(51, 60));
    assertThat(h.cursors.saves).hasSizeGreaterThan(2).isSorted().doesNotHaveDuplicates();
    assertThat(h.cursors.current()).isEqualTo(at("2025-03-19T23:59:55Z"));
    assertThat(h.gauge("catch_up_remaining_seconds")).isEqualTo(0L);
  }

  @Test
  void backfillThatFailsHalfwayResumesFromItsLastCompletedSlice() throws Exception {
    LongStream.rangeClosed(1, 10)
        .forEach(day -> h.api.put(50 + day, String.format("2025-03-%02dT12:00:00Z", day)));
    h.api.intercept(r -> r.number() >= 6 ? Answer.html(503) : null);
    SyncPoller poller =
        h.poller(c -> c.pageSize(2), c -> c.backfillFrom(at("2025-03-01T00:00:00Z")));

    PollRunSummary failed = poller.runNow();
    List<Long> ids = new ArrayList<>(h.drainIds());
    h.api.intercept(r -> null);
    int requestsBefore = h.api.requests().size();
    PollRunSummary resumed = poller.runNow();
    ids.addAll(h.drainIds());

    assertThat(failed.result()).isEqualTo(PollResult.FAILED);
    assertThat(failed.cursorAfter())
        .isAfter(at("2025-03-01T00:00:00Z")).isBefore(at("2025-03-19T23:59:55Z"));
    assertThat(resumed.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(resumed.windowStart()).isEqualTo(failed.cursorAfter().minus(Duration.ofMinutes(2)));
    assertThat(h.api.requests().get(requestsBefore).param("query[updated_after]"))
        .isNotEqualTo("2025-02-28T23:59:59Z");
    assertThat(ids).containsAll(ids(51, 60));
  }

  @Test
  void apiThatIgnoresTheFiltersFailsTheRunInsteadOfSplittingForever() {
    h.api.serveVerbatim(r -> SampleDeliveries.apiPage(r.page() == 2 ? 2 : 1));
    cursorAt("2025-03-19T23:00:00Z");

    PollRunSummary summary = h.poller().runNow();

    assertThat(summary.result()).isEqualTo(PollResult.FAILED);
    assertThat(summary.error()).contains("ignored the updated_after/updated_before filters");
    assertThat(h.api.requests()).hasSize(1);
    assertThat(h.cursors.current()).isEqualTo(at("2025-03-19T23:00:00Z"));
  }

  @Test
  void unreadableItemIsQuarantinedWhileTheOthersAreQueued() throws Exception {
    h.api.put(71, "2025-03-19T23:59:00Z");
    h.api.put(FakeThinkificApi.item(72, "2025-03-19T23:59:01Z", 0.1)
        .put("percentage_completed", "lots"));
    cursorAt("2025-03-19T23:58:00Z");

    PollRunSummary summary = h.poller().runNow();

    assertThat(summary.result()).isEqualTo(PollResult.SUCCESS);
    assertThat(summary.rejected()).isEqualTo(1);
    assertThat(h.drainIds()).containsExactly(71L);
    List<RejectedDelivery> quarantined = h.queue.quarantined(10);
    assertThat(quarantined).singleElement().satisfies(d -> {
      assertThat(d.reason()).contains("percentage_completed");
      JsonNode item = FakeThinkificApi.readTree(d.body());
      assertThat(item.get("id").asLong()).isEqualTo(72L);
    });
  }
}
