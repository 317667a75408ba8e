package io.enrollmentsync.poller;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.memory.InMemoryCursorStore;
import io.enrollmentsync.memory.InMemoryEnrollmentRepository;
import io.enrollmentsync.memory.InMemoryEventQueue;
import io.enrollmentsync.memory.InMemoryPollLease;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.testing.FakeThinkificApi;
import io.enrollmentsync.testing.FakeTime;
import io.enrollmentsync.thinkific.ThinkificClient;
import io.enrollmentsync.thinkific.ThinkificConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** A poller wired to a fake API, a fake clock and in-memory stores, for one test. */
final class PollerHarness implements AutoCloseable {
  final FakeThinkificApi api = FakeThinkificApi.start();
  final FakeTime time;
  final InMemoryEventQueue queue;
  final SyncMetrics metrics = new SyncMetrics();
  final RecordingCursorStore cursors = new RecordingCursorStore();
  private final List<SyncPoller> pollers = new ArrayList<>();

  PollerHarness(String now) {
    this.time = FakeTime.at(now);
    this.queue = new InMemoryEventQueue(InMemoryEventQueue.Config.DEFAULTS, time);
  }

  ThinkificConfig.Builder clientConfig() {
    return ThinkificConfig.builder()
        .baseUrl(api.baseUrl())
        .apiKey(FakeThinkificApi.API_KEY)
        .subdomain(FakeThinkificApi.SUBDOMAIN)
        .maxAttempts(2)
        .clock(time)
        .sleeper(time);
  }

  PollerConfig.Builder pollerConfig() {
    return PollerConfig.builder().clock(time).initialDelay(Duration.ZERO).jitter(Duration.ZERO);
  }

  SyncPoller poller(UnaryOperator<ThinkificConfig.Builder> client,
      UnaryOperator<PollerConfig.Builder> config) {
    return poller(client, config, new InMemoryPollLease());
  }

  SyncPoller poller(UnaryOperator<ThinkificConfig.Builder> client,
      UnaryOperator<PollerConfig.Builder> config, PollLease lease) {
    SyncPoller poller = SyncPoller.builder()
        .client(new ThinkificClient(client.apply(clientConfig()).build(), metrics))
        .queue(queue)
        .cursors(cursors)
        .lease(lease)
        .config(config.apply(pollerConfig()).build())
        .metrics(metrics)
        .build();
    pollers.add(poller);
    return poller;
  }

  SyncPoller poller() {
    return poller(c -> c, c -> c);
  }

  /** Takes every queued event, acknowledges it and returns its enrollment ids, in queue order. */
  List<Long> drainIds() throws InterruptedException {
    return drain().stream().map(EnrollmentEvent::enrollmentId).collect(Collectors.toList());
  }

  /** Takes every queued event and acknowledges it. */
  List<EnrollmentEvent> drain() throws InterruptedException {
    List<EnrollmentEvent> out = new ArrayList<>();
    while (true) {
      List<QueuedEvent> batch = queue.take("test", 100, Duration.ZERO);
      if (batch.isEmpty()) {
        return out;
      }
      queue.ack(batch);
      batch.forEach(q -> out.add(q.event()));
    }
  }

  /** Applies every queued event to the repository, as the worker would. */
  void drainInto(InMemoryEnrollmentRepository repository) throws InterruptedException {
    drain().forEach(repository::apply);
  }

  long counter(String name) {
    return metrics.registry().counter(SyncMetrics.name("poll", name)).getCount();
  }

  Object gauge(String name) {
    return metrics.registry().getGauges().get(SyncMetrics.name("poll", name)).getValue();
  }

  @Override
  public void close() {
    pollers.forEach(SyncPoller::close);
    api.close();
    queue.close();
  }

  /** An in-memory cursor store that remembers every save. */
  static final class RecordingCursorStore implements CursorStore {
    private final InMemoryCursorStore store = new InMemoryCursorStore();
    final List<Instant> saves = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public java.util.Optional<Instant> load(String name) {
      return store.load(name);
    }

    @Override
    public void save(String name, Instant position) {
      saves.add(position);
      store.save(name, position);
    }

    Instant current() {
      return store.load("enrollments").orElse(null);
    }
  }
}
