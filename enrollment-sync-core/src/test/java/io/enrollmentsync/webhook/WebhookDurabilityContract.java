package io.enrollmentsync.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.memory.InMemoryEnrollmentRepository;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.spi.StoredEnrollment;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.testing.SampleDeliveries.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dedupe and durability bullets of the webhook receiver, written once and run against every
 * queue: {@link WebhookDurabilityTest} (in memory) and {@code
 * io.enrollmentsync.redis.WebhookRedisDurabilityIT} (real Redis, and the JDBC repository on real
 * PostgreSQL). A subclass supplies the queues and repositories; each test gets fresh ones.
 */
public abstract class WebhookDurabilityContract {
  protected static final Delivery PROGRESS = SampleDeliveries.number("02");

  protected final SyncMetrics metrics = new SyncMetrics();

  /** A working, empty queue. */
  protected abstract EventQueue queue();

  /** A queue whose store cannot be reached at all. */
  protected abstract EventQueue unreachableQueue();

  /** A working, empty queue that refuses offers once it holds this many events. */
  protected abstract EventQueue queueHoldingAtMost(int events);

  /** A store that can be taken down and brought back while one queue object stays in use. */
  protected abstract Outage outage() throws Exception;

  /** An empty repository of the host's enrollments; in memory unless a subclass says otherwise. */
  protected EnrollmentRepository repository() {
    return new InMemoryEnrollmentRepository();
  }

  /** A store outage that a test starts and ends. */
  protected interface Outage {
    /** The queue over the store; it works until {@link #begin()}. */
    EventQueue queue();

    /** Takes the store down. */
    void begin() throws Exception;

    /** Brings the store back. */
    void end() throws Exception;
  }

  protected WebhookReceiver receiver(EventQueue queue) {
    return new WebhookReceiver(WebhookConfig.builder().secret(SampleDeliveries.SECRET)
        .retryAfter(Duration.ofSeconds(7)).build(), queue, metrics, Clock.systemUTC());
  }

  protected static WebhookResponse deliver(WebhookReceiver receiver, byte[] body) {
    return receiver.receive(TestRequest.signed(body));
  }

  /** Takes and acknowledges every event in the queue. */
  protected static List<QueuedEvent> drain(EventQueue queue) throws InterruptedException {
    List<QueuedEvent> all = new ArrayList<>();
    while (true) {
      List<QueuedEvent> batch = queue.take("drain", 100, Duration.ofMillis(200));
      if (batch.isEmpty()) {
        return all;
      }
      queue.ack(batch);
      all.addAll(batch);
    }
  }

  /** The sample progress delivery under another event id (and, when given, event time). */
  protected static byte[] progressAs(String eventId, String createdAt) {
    String body = new String(PROGRESS.body(), StandardCharsets.UTF_8)
        .replace("20250315083000555000111", eventId);
    if (createdAt != null) {
      body = body.replace("\"created_at\":\"2025-03-15T08:30:00.551Z\"",
          "\"created_at\":\"" + createdAt + "\"");
    }
    return body.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void fiftyConcurrentDeliveriesOfOneEventQueueExactlyOneAndAnswerTheRestAsDuplicates()
      throws Exception {
    EventQueue queue = queue();
    WebhookReceiver receiver = receiver(queue);
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<WebhookResponse>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Callable<WebhookResponse> delivery = () -> {
          start.await();
          return deliver(receiver, PROGRESS.body());
        };
        answers.add(pool.submit(delivery));
      }

      start.countDown();
      List<WebhookOutcome> outcomes = new ArrayList<>();
      for (Future<WebhookResponse> answer : answers) {
        outcomes.add(answer.get(30, TimeUnit.SECONDS).outcome());
      }

      Map<WebhookOutcome, Long> counted = outcomes.stream()
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(counted).containsOnly(
          Map.entry(WebhookOutcome.ACCEPTED, 1L), Map.entry(WebhookOutcome.DUPLICATE, 49L));
      assertThat(drain(queue)).singleElement()
          .satisfies(e -> assertThat(e.event().eventId()).isEqualTo("20250315083000555000111"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void redeliveryAfterTheQueueRefusedTheEventIsAcceptedNotDuplicate() throws Exception {
    EventQueue queue = queueHoldingAtMost(1);
    WebhookReceiver receiver = receiver(queue);
    deliver(receiver, progressAs("20250315083000555000901", null));

    WebhookResponse refused = deliver(receiver, PROGRESS.body());
    drain(queue);
    WebhookResponse redelivered = deliver(receiver, PROGRESS.body());

    assertThat(refused.status()).isEqualTo(503);
    assertThat(redelivered.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
    assertThat(drain(queue)).singleElement()
        .satisfies(e -> assertThat(e.event().eventId()).isEqualTo("20250315083000555000111"));
  }

  @Test
  void redeliveryAfterAStoreOutageIsAcceptedNotDuplicate() throws Exception {
    Outage outage = outage();
    WebhookReceiver receiver = receiver(outage.queue());

    outage.begin();
    WebhookResponse duringOutage = deliver(receiver, PROGRESS.body());
    outage.end();
    WebhookResponse afterOutage = deliver(receiver, PROGRESS.body());
    WebhookResponse again = deliver(receiver, PROGRESS.body());

    assertThat(duringOutage.status()).isEqualTo(503);
    assertThat(afterOutage.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
    assertThat(again.outcome()).isEqualTo(WebhookOutcome.DUPLICATE);
  }

  @Test
  void storeDownIs503WithRetryAfterForEveryDeliveryAndNeverA2xx() {
    WebhookReceiver receiver = receiver(unreachableQueue());

    for (Delivery d : SampleDeliveries.all()) {
      WebhookResponse response =
          receiver.receive(TestRequest.unsigned(d.body()).signature(d.signature()));

      if (d.file().startsWith("06")) {
        // Not applied, so nothing has to be stored: acknowledged whether the store is up or not.
        assertThat(response.outcome()).as(d.file()).isEqualTo(WebhookOutcome.IGNORED);
      } else {
        // 07 is malformed, but its raw body cannot be quarantined either: the sender must retry.
        assertThat(response.status()).as(d.file()).isEqualTo(503);
        assertThat(response.headers()).as(d.file()).containsEntry("Retry-After", "7");
      }
    }
    assertThat(metrics.registry().counter("enrollmentsync.webhook.outcome.unavailable")
        .getCount()).isEqualTo(6);
  }

  @Test
  void fullQueueIs503WithRetryAfter() {
    EventQueue queue = queueHoldingAtMost(1);
    WebhookReceiver receiver = receiver(queue);
    deliver(receiver, progressAs("20250315083000555000902", null));

    WebhookResponse response = deliver(receiver, PROGRESS.body());

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("Retry-After", "7");
  }

  @Test
  void sameChangeUnderTwoEventIdsIsQueuedTwiceAndAppliedOnce() throws Exception {
    EventQueue queue = queue();
    WebhookReceiver receiver = receiver(queue);
    EnrollmentRepository repository = repository();

    WebhookResponse first = deliver(receiver, progressAs("20250315083000555000111", null));
    WebhookResponse second = deliver(receiver, progressAs("20250315083000555000222", null));
    List<ApplyOutcome> applied = new ArrayList<>();
    for (QueuedEvent e : drain(queue)) {
      applied.add(repository.apply(e.event()));
    }

    assertThat(first.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
    assertThat(second.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
    assertThat(applied).containsExactly(ApplyOutcome.INSERTED, ApplyOutcome.STALE);
    assertThat(repository.find(880101)).get().extracting(StoredEnrollment::lastEventId)
        .isEqualTo("20250315083000555000111");
  }

  @Test
  void sameSnapshotUnderTwoEventIdsWithDifferentEventTimesLeavesTheSameRow() throws Exception {
    EventQueue queue = queue();
    WebhookReceiver receiver = receiver(queue);
    EnrollmentRepository once = repository();
    EnrollmentRepository twice = repository();

    deliver(receiver, progressAs("20250315083000555000111", null));
    deliver(receiver, progressAs("20250315083000555000333", "2025-03-15T08:30:00.552Z"));
    List<QueuedEvent> events = drain(queue);
    once.apply(events.get(0).event());
    for (QueuedEvent e : events) {
      twice.apply(e.event());
    }

    assertThat(events).hasSize(2);
    assertThat(twice.find(880101).orElseThrow().snapshot())
        .isEqualTo(once.find(880101).orElseThrow().snapshot());
  }
}
