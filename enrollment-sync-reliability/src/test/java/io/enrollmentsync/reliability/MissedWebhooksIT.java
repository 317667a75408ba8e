package io.enrollmentsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.poller.PollResult;
import io.enrollmentsync.poller.PollRunSummary;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: a fifth of the webhooks never arrive, and a tenth of the enrollments change in ways
 * that fire no webhook at all (an admin expires them). One poll of the Admin API, which serves the
 * truth, must bring every row to it.
 */
class MissedWebhooksIT {

  @Test
  void pollerRecoversWebhooksThatWereNeverDelivered() throws Exception {
    try (Scenario s = new Scenario(5); PollingScenario p = new PollingScenario(s)) {
      int wrongBeforePoll = p.sendWebhooksAndConverge();

      s.markRecovered();
      PollRunSummary run = p.poller().runNow();
      ConsistencyChecker.Verdict verdict = p.awaitConsistentAfterPoll();

      assertThat(run.result()).as("poll run: %s", run).isEqualTo(PollResult.SUCCESS);
      assertThat(wrongBeforePoll).as("rows the missed webhooks left behind").isPositive();
      s.finish(String.format("%.0f%% of webhooks never delivered, %.0f%% of enrollments changed"
              + " without a webhook; one poll", PollingScenario.UNDELIVERED * 100,
              PollingScenario.SILENT_CHANGES * 100),
          verdict, run.queued(), p.node.queue().deadLetters().size(),
          "rows wrong after the webhooks alone: " + wrongBeforePoll + "; poll: " + run.pages()
              + " pages, " + run.items() + " items, " + run.queued() + " queued, "
              + run.duplicates() + " duplicates; 'converged after fault' = from the poll's start");
    }
  }
}
