package io.enrollmentsync.reliability;

import org.junit.jupiter.api.Test;

/** Scenario 0: the same load with no fault, the yardstick for the others. */
class BaselineIT {

  @Test
  void withoutFaultsEveryAcceptedEventIsAppliedOnce() throws Exception {
    try (Scenario s = new Scenario(0)) {
      SyncNode node = s.closeAfter(SyncNode.start(s.nodeSettings(s.db.url())));

      s.startSending(node::webhookUri);
      s.awaitSent();
      s.markRecovered();
      ConsistencyChecker.Verdict verdict = s.awaitConsistent(
          () -> node.queue().stats(), s.world.truth(), s.acceptedEvents());

      s.finish("none (baseline)", verdict, 0, node.queue().deadLetters().size(), "");
    }
  }
}
