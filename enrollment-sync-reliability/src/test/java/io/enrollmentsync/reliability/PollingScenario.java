package io.enrollmentsync.reliability;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.poller.SyncPoller;
import io.enrollmentsync.spi.StoredEnrollment;
import io.enrollmentsync.testing.FakeThinkificApi;
import io.enrollmentsync.thinkific.ThinkificConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What scenarios 5 and 6 share: a fake Admin API serving the truth (every webhook change and
 * changes that fire no webhook), a node whose poller walks it, and a fifth of the webhooks never
 * delivered.
 */
final class PollingScenario implements AutoCloseable {
  static final double UNDELIVERED = 0.2;
  static final double SILENT_CHANGES = 0.1;

  final Scenario scenario;
  final FakeThinkificApi api;
  final SyncNode node;
  final List<World.Delivery> delivered = new ArrayList<>();
  final List<EnrollmentEvent> silent;

  PollingScenario(Scenario scenario) throws Exception {
    this.scenario = scenario;
    this.silent = scenario.world.addSilentChanges(SILENT_CHANGES);
    this.api = scenario.closeAfter(FakeThinkificApi.start());
    scenario.world.apiItems().values().forEach(api::put);
    Random random = new Random(scenario.world.seed() ^ 0xdead);
    for (World.Delivery d : scenario.world.deliveries()) {
      if (random.nextDouble() >= UNDELIVERED) {
        delivered.add(d);
      }
    }
    ThinkificConfig client = ThinkificConfig.builder()
        .baseUrl(api.baseUrl())
        .apiKey(FakeThinkificApi.API_KEY)
        .subdomain(FakeThinkificApi.SUBDOMAIN)
        .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
        .build();
    // The schedule stays out of the way: the test runs the poll itself, with runNow(), the same
    // walk a scheduled run or the admin API's manual sync makes.
    PollerConfig poller = PollerConfig.builder().initialDelay(Duration.ofHours(1)).build();
    this.node = scenario.closeAfter(SyncNode.start(
        scenario.nodeSettings(scenario.db.url()).withPoller(client, poller)));
  }

  SyncPoller poller() {
    return node.sync().poller().orElseThrow();
  }

  /** Sends the delivered four fifths and waits until the store holds what they carry. */
  int sendWebhooksAndConverge() {
    scenario.startSending(node::webhookUri, delivered);
    scenario.awaitSent();
    scenario.awaitConsistent(() -> node.queue().stats(),
        World.fold(scenario.acceptedEvents()), scenario.acceptedEvents());
    return ConsistencyChecker.check(expected(), rowsOrFail(), List.of(), java.util.Set.of())
        .wrongRows();
  }

  /** What the store must hold after a poll: the delivered webhooks and the polled items. */
  Map<Long, StoredEnrollment> expected() {
    return World.fold(acceptedAfterPoll());
  }

  /** Every event accepted into the queue once the poll ran: delivered webhooks, polled items. */
  List<EnrollmentEvent> acceptedAfterPoll() {
    List<EnrollmentEvent> all = new ArrayList<>(scenario.acceptedEvents());
    all.addAll(scenario.world.pollEvents());
    return all;
  }

  /** Waits until the store equals the API's truth after the poll. */
  ConsistencyChecker.Verdict awaitConsistentAfterPoll() {
    return scenario.awaitConsistent(() -> node.queue().stats(), expected(), acceptedAfterPoll());
  }

  private Map<Long, StoredEnrollment> rowsOrFail() {
    try {
      return scenario.db.rows();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    // The scenario closes the node and the fake API.
  }
}
