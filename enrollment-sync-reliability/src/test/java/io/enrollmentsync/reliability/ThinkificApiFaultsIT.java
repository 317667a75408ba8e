package io.enrollmentsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.poller.PollResult;
import io.enrollmentsync.poller.PollRunSummary;
import io.enrollmentsync.testing.FakeThinkificApi;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: as scenario 5, but the Admin API misbehaves during the poll: a 503, a 429 with a
 * reset time, a Cloudflare 520 (retried by the client), then, after two good pages, five 502s in
 * a row, more than the client retries, so the run fails. The next run, with the API healthy
 * again, must finish the job, and nothing may be lost or applied twice in between.
 */
class ThinkificApiFaultsIT {
  private static final long RESET_MS = 1500;

  @Test
  void pollFailingOn5xxAnd429RecoversOnTheNextRun() throws Exception {
    try (Scenario s = new Scenario(6); PollingScenario p = new PollingScenario(s)) {
      int wrongBeforePoll = p.sendWebhooksAndConverge();
      List<Long> answeredAt = new CopyOnWriteArrayList<>();
      AtomicInteger good = new AtomicInteger();
      AtomicInteger outage = new AtomicInteger();
      p.api.intercept(request -> {
        answeredAt.add(System.nanoTime());
        switch (request.number()) {
          case 1:
            return FakeThinkificApi.Answer.html(503);
          case 2:
            return FakeThinkificApi.Answer.tooManyRequests(Map.of(
                "RateLimit-Limit", "120", "RateLimit-Remaining", "0",
                "RateLimit-Reset", Long.toString(RESET_MS)));
          case 3:
            return FakeThinkificApi.Answer.html(520);
          default:
            break;
        }
        if (good.get() >= 2 && outage.get() < 5) {
          outage.incrementAndGet();
          return FakeThinkificApi.Answer.html(502);
        }
        good.incrementAndGet();
        return null;
      });

      s.markRecovered();
      PollRunSummary failed = p.poller().runNow();
      p.api.intercept(request -> null);
      PollRunSummary recovered = p.poller().runNow();
      ConsistencyChecker.Verdict verdict = p.awaitConsistentAfterPoll();

      assertThat(failed.result()).as("first run: %s", failed).isEqualTo(PollResult.FAILED);
      assertThat(recovered.result()).as("second run: %s", recovered)
          .isEqualTo(PollResult.SUCCESS);
      long waitedAfter429 = (answeredAt.get(2) - answeredAt.get(1)) / 1_000_000;
      assertThat(waitedAfter429).as("ms waited after the 429")
          .isGreaterThanOrEqualTo(RESET_MS - 100);
      s.finish("Thinkific API: 503, 429, 520, then 5x 502 (run fails), healthy next run",
          verdict, failed.queued() + recovered.queued(), p.node.queue().deadLetters().size(),
          "rows wrong after the webhooks alone: " + wrongBeforePoll + "; run 1 " + failed.result()
              + " after " + failed.pages() + " pages (" + failed.queued() + " queued, cursor "
              + failed.cursorAfter() + "), waited " + waitedAfter429 + " ms on the 429; run 2 "
              + recovered.result() + ", " + recovered.pages() + " pages, " + recovered.queued()
              + " queued, " + recovered.duplicates() + " duplicates");
    }
  }
}
