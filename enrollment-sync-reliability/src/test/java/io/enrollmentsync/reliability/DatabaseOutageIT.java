package io.enrollmentsync.reliability;

import io.enrollmentsync.worker.WorkerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: the database becomes unreachable for 30 s in the middle of the load (a proxy in
 * front of PostgreSQL resets every connection and refuses new ones), then comes back. Webhooks
 * keep being accepted (they only need Redis); the worker must neither lose nor dead-letter events
 * because of the outage, and must catch up by itself.
 */
class DatabaseOutageIT {
  private static final Duration DOWN = Duration.ofSeconds(30);
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_ATTEMPTS = 3;

  @Test
  void databaseUnreachableFor30SecondsLosesNothingAndDeadLettersNothing() throws Exception {
    try (Scenario s = new Scenario(3)) {
      String target = s.db.url().replaceFirst("^jdbc:postgresql://", "");
      String hostPort = target.substring(0, target.indexOf('/'));
      String database = target.substring(target.indexOf('/'));
      TcpProxy proxy = s.closeAfter(new TcpProxy(hostPort.split(":")[0],
          Integer.parseInt(hostPort.split(":")[1])));
      String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + database;
      WorkerConfig worker = WorkerConfig.builder()
          .consumerNamePrefix("node-" + s.prefix)
          .maxAttempts(MAX_ATTEMPTS)
          .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
          .build();
      SyncNode node = s.closeAfter(SyncNode.start(s.nodeSettings(proxied)
          .withWorkerConfig(worker).withConnectionTimeout(CONNECTION_TIMEOUT)));

      s.startSending(node::webhookUri);
      s.awaitAccepted(s.world.deliveries().size() * 2 / 5);
      proxy.cut();
      Thread.sleep(DOWN.toMillis()); // the outage itself, not a wait for a result
      proxy.restore();
      s.markRecovered();
      s.awaitSent();
      ConsistencyChecker.Verdict verdict = s.awaitConsistent(
          () -> node.queue().stats(), s.world.truth(), s.acceptedEvents());
      long dead = node.queue().deadLetters().size();

      s.finish("PostgreSQL unreachable for " + DOWN.toSeconds() + " s (connections reset and"
          + " refused), then back", verdict, 0, dead,
          "HikariCP connection timeout " + CONNECTION_TIMEOUT.toSeconds() + " s; worker: "
              + MAX_ATTEMPTS + " attempts, backoff 0.2-2 s (as in scenario 4); "
              + Scenario.workerNotes(node.sync().metrics()));
      org.assertj.core.api.Assertions.assertThat(dead).as("events dead-lettered by the outage")
          .isZero();
    }
  }
}
