package io.enrollmentsync.poller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.SyncApiException;
import io.enrollmentsync.SyncParseException;
import io.enrollmentsync.internal.EventCodec;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.OfferResult;
import io.enrollmentsync.spi.RejectedDelivery;
import io.enrollmentsync.thinkific.EnrollmentPage;
import io.enrollmentsync.thinkific.ThinkificClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's walk of its window: {@code [cursor - overlap, now - safety lag)}, in slices that each
 * fit in one page.
 *
 * <p>Why slices: offset pages shift when a row changes during a walk (it leaves the window and
 * every row behind it moves up a slot, so one row slips past the page boundary unseen). A slice
 * answered by a single page has no boundary to slip past. So each slice's first page is read;
 * when the API reports more than one page the slice is split in time (into parts sized from
 * {@code total_items}) and each part is read again, earliest first. The alternative, walking
 * every page and walking again until a pass finds nothing new, costs at least two passes on every
 * multi-page window, never settles on a busy site, and can still miss a row hidden in two passes.
 *
 * <p>The filters compare whole seconds, so a slice is a range of whole seconds {@code [first,
 * last]}, asked for as {@code updated_after = first - 1s} and {@code updated_before = last + 1s}:
 * whether the API reads the bounds as inclusive or exclusive, and at seconds or milliseconds, the
 * answer holds every row of those seconds, and neighbouring slices share no second. A single
 * second that holds more rows than a page (a bulk change) cannot be split: it is walked page by
 * page, again until a pass finds nothing new (at most three passes), which is the best offset
 * pages allow.
 *
 * <p>The cursor is the end of the window, saved when the whole window is queued. In a catch-up
 * (no saved cursor, or a window longer than the threshold) it is saved after each slice as well,
 * so a crash resumes from the last completed slice.
 */
final class WindowWalk {
  /** The start of a backfill of everything: before Thinkific existed. */
  static final Instant EVERYTHING = Instant.parse("2010-01-01T00:00:00Z");

  private static final Logger LOG = LoggerFactory.getLogger(WindowWalk.class);
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);
  private static final int MAX_PARTS = 16;
  private static final int MAX_PASSES = 3;
  private static final Duration MAX_QUIET_SKEW = Duration.ofSeconds(30);

  /** What the walk tells the poller while it runs. */
  interface Listener {
    /** Throws when the lease was lost, so the walk stops before its next request or save. */
    void checkLease();

    /** The cursor was read or saved. */
    void cursorKnown(Instant cursor);

    /** How much of a catch-up is left, zero when none is running. */
    void remaining(Duration remaining);
  }

  /** A range of whole seconds, both ends included. */
  record Slice(Instant first, Instant last) {
    Instant after() {
      return first.minus(ONE_SECOND);
    }

    Instant before() {
      return last.plus(ONE_SECOND);
    }

    long seconds() {
      return Duration.between(first, last).getSeconds() + 1;
    }

    List<Slice> split(int parts) {
      long n = seconds();
      int count = (int) Math.min(parts, n);
      long size = n / count;
      long extra = n % count;
      List<Slice> out = new ArrayList<>(count);
      Instant start = first;
      for (int i = 0; i < count; i++) {
        long length = size + (i < extra ? 1 : 0);
        Instant end = start.plusSeconds(length - 1);
        out.add(new Slice(start, end));
        start = end.plus(ONE_SECOND);
      }
      return out;
    }
  }

  private final ThinkificClient client;
  private final EventQueue queue;
  private final CursorStore cursors;
  private final PollerConfig config;
  private final SyncMetrics metrics;
  private final Clock clock;
  private final Listener listener;

  int pages;
  long items;
  long queued;
  long duplicates;
  long rejected;
  Instant cursorBefore;
  Instant cursorAfter;
  Instant windowStart;
  Instant windowEnd;
  private boolean catchUp;
  private Instant lastProgressLog;
  private Instant serverTime;
  private boolean skewLogged;
  private boolean rewound;

  WindowWalk(ThinkificClient client, EventQueue queue, CursorStore cursors, PollerConfig config,
      SyncMetrics metrics, Listener listener) {
    this.client = client;
    this.queue = queue;
    this.cursors = cursors;
    this.config = config;
    this.metrics = metrics;
    this.clock = config.clock();
    this.listener = listener;
  }

  /** Walks the window; on return every row of it is queued and the cursor is at its end. */
  void run() throws InterruptedException {
    cursorBefore = cursors.load(config.cursorName()).orElse(null);
    cursorAfter = cursorBefore;
    if (cursorBefore != null) {
      listener.cursorKnown(cursorBefore);
    }
    Instant end = clock.instant().minus(config.safetyLag()).truncatedTo(ChronoUnit.SECONDS);
    if (cursorBefore != null && cursorBefore.isAfter(end)) {
      // Such a cursor claims rows were read that did not exist yet. Kept, it would make every run
      // read an empty window and report success, skipping what changes until the clock gets there.
      LOG.warn("Poller cursor {} is ahead of this host's clock ({}): it was saved by a clock that"
          + " ran fast or set by hand. Reading from {} minus the overlap and moving it back; to"
          + " read changes made since an earlier time, set the cursor to that time",
          cursorBefore, end, end);
      rewound = true;
    }
    windowEnd = end;
    Instant start = startOfWindow().truncatedTo(ChronoUnit.SECONDS);
    windowStart = start;
    if (!start.isBefore(end)) {
      LOG.debug("Poller window {} to {} is empty; the cursor stays at {}",
          start, end, cursorBefore);
      return;
    }
    catchUp = cursorBefore == null
        || Duration.between(start, end).compareTo(config.catchUpThreshold()) > 0;
    if (catchUp) {
      lastProgressLog = clock.instant();
      LOG.info("Poller catch-up from {} to {}: the cursor advances as each slice completes",
          start, end);
    }

    Deque<Slice> todo = new ArrayDeque<>();
    todo.push(new Slice(start, end.minus(ONE_SECOND)));
    while (!todo.isEmpty()) {
      walk(todo.pop(), todo);
    }

    Instant last = behindServerClock(end);
    if (rewound || cursorAfter == null || last.isAfter(cursorAfter)) {
      listener.checkLease();
      save(last);
    }
    if (catchUp) {
      listener.remaining(Duration.ZERO);
      LOG.info("Poller catch-up done at {}: {} pages, {} items, {} queued, {} duplicates",
          end, pages, items, queued, duplicates);
    }
  }

  private Instant startOfWindow() {
    if (cursorBefore != null) {
      return (rewound ? windowEnd : cursorBefore).minus(config.overlap());
    }
    return config.backfillFrom() == null ? EVERYTHING : config.backfillFrom();
  }

  private void walk(Slice slice, Deque<Slice> todo) throws InterruptedException {
    listener.checkLease();
    int limit = client.config().pageSize();
    EnrollmentPage page = client.fetchEnrollments(slice.after(), slice.before(), 1);
    counted(page, slice);
    if (page.isComplete(limit)) {
      offerAll(page.items(), null);
      completed(slice);
    } else if (slice.seconds() > 1) {
      List<Slice> parts = slice.split(parts(page, limit));
      LOG.debug("Poller slice {} to {} spans more than a page ({} items): split in {}",
          slice.first(), slice.last(), page.totalItems(), parts.size());
      for (int i = parts.size() - 1; i >= 0; i--) {
        todo.push(parts.get(i));
      }
    } else {
      walkPages(slice);
      completed(slice);
    }
  }

  /** Splits so that, if rows were spread evenly, each part would fill about half a page. */
  private static int parts(EnrollmentPage page, int limit) {
    Long total = page.totalItems();
    if (total == null) {
      return 2;
    }
    long wanted = (2 * total + limit - 1) / limit;
    return (int) Math.max(2, Math.min(MAX_PARTS, wanted));
  }

  private void walkPages(Slice slice) throws InterruptedException {
    Set<String> seen = new HashSet<>();
    for (int pass = 1; pass <= MAX_PASSES; pass++) {
      int before = seen.size();
      int read = client.walkEnrollments(slice.after(), slice.before(), config.maxPagesPerSlice(),
          page -> {
            counted(page, slice);
            offerAll(page.items(), seen);
          });
      if (read <= 1 || (pass > 1 && seen.size() == before)) {
        return;
      }
    }
    // Offset pages are all the API offers inside one second; the next run's overlap reads it again.
    LOG.warn("Poller: second {} holds more rows than a page and kept changing over {} walks;"
        + " rows of that second may be missing until the next run reads it again",
        slice.first(), MAX_PASSES);
  }

  private void counted(EnrollmentPage page, Slice slice) {
    if (page.serverTime() != null
        && (serverTime == null || page.serverTime().isBefore(serverTime))) {
      serverTime = page.serverTime();
    }
    pages++;
    metrics.pollCount("pages", 1);
    for (JsonNode item : page.items()) {
      checkWindow(item, slice);
    }
  }

  /**
   * Fails the run when the API answers with rows outside the requested window: it ignored the
   * filters, and splitting such a window would never end.
   */
  private static void checkWindow(JsonNode item, Slice slice) {
    JsonNode updated = item.get("updated_at");
    if (updated == null || !updated.isTextual()) {
      return;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(updated.asText().trim()).toInstant();
    } catch (DateTimeParseException e) {
      return;
    }
    Instant second = at.truncatedTo(ChronoUnit.SECONDS);
    if (second.isBefore(slice.after()) || second.isAfter(slice.before())) {
      throw new SyncApiException("Thinkific answered a request for rows updated after "
          + slice.after() + " and before " + slice.before() + " with enrollment " + idOf(item)
          + " updated at " + at + ": the API ignored the updated_after/updated_before filters, so"
          + " the walk cannot be trusted. Check the base URL and the API version",
          200, "GET /enrollments", false, null);
    }
  }

  private void offerAll(List<JsonNode> pageItems, Set<String> seen) {
    for (JsonNode item : pageItems) {
      EnrollmentEvent event;
      try {
        event = EventCodec.fromApiItem(item, clock.instant());
      } catch (SyncParseException e) {
        quarantine(item, e);
        continue;
      }
      if (seen != null && !seen.add(event.eventId())) {
        continue;
      }
      items++;
      metrics.pollCount("items", 1);
      if (queue.offer(event) == OfferResult.QUEUED) {
        queued++;
        metrics.pollCount("queued", 1);
      } else {
        duplicates++;
        metrics.pollCount("duplicates", 1);
      }
    }
  }

  private void quarantine(JsonNode item, SyncParseException e) {
    byte[] body;
    try {
      body = EventCodec.MAPPER.writeValueAsBytes(item);
    } catch (JsonProcessingException impossible) {
      body = item.toString().getBytes(StandardCharsets.UTF_8);
    }
    queue.quarantine(new RejectedDelivery(
        "poll-" + UUID.randomUUID(), clock.instant(), "poll item: " + e.getMessage(), null, body));
    rejected++;
    metrics.pollCount("rejected", 1);
    LOG.warn("Poller set aside enrollment item {}: {}; it is quarantined for inspection",
        idOf(item), e.field());
  }

  private void completed(Slice slice) {
    if (!catchUp) {
      return;
    }
    Instant position = behindServerClock(slice.before());
    if (cursorAfter != null && !position.isAfter(cursorAfter)) {
      return;
    }
    listener.checkLease();
    save(position);
    Duration left = Duration.between(position, windowEnd);
    listener.remaining(left);
    Instant now = clock.instant();
    if (!now.isBefore(lastProgressLog.plus(PROGRESS_EVERY))) {
      lastProgressLog = now;
      LOG.info("Poller catch-up at {} ({} left to {}): {} pages, {} items, {} queued so far",
          position, left, windowEnd, pages, items, queued);
    }
  }

  /**
   * Keeps a cursor position at least the safety lag behind Thinkific's clock, as its earliest
   * {@code Date} header of this run tells it. The window's end comes from this host's clock; when
   * that runs ahead of Thinkific's, rows Thinkific stamps later with an earlier time would fall
   * behind a cursor at the window's end and, past the overlap, never be read.
   */
  private Instant behindServerClock(Instant position) {
    if (serverTime == null) {
      return position;
    }
    Instant bound = serverTime.minus(config.safetyLag()).truncatedTo(ChronoUnit.SECONDS);
    if (!position.isAfter(bound)) {
      return position;
    }
    if (!skewLogged && Duration.between(bound, position).compareTo(MAX_QUIET_SKEW) > 0) {
      skewLogged = true;
      LOG.warn("Poller: this host's clock is about {} s ahead of Thinkific's (its Date header);"
          + " the cursor is held at {} by Thinkific's clock. Fix the host's time sync (NTP)",
          Duration.between(bound, position).getSeconds(), bound);
    }
    return bound;
  }

  private void save(Instant position) {
    cursors.save(config.cursorName(), position);
    cursorAfter = position;
    listener.cursorKnown(position);
  }

  private static String idOf(JsonNode item) {
    JsonNode id = item.get("id");
    return id == null || !id.isValueNode() ? "(no id)" : id.asText();
  }
}
