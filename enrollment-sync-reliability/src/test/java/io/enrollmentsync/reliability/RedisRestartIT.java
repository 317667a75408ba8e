package io.enrollmentsync.reliability;

import io.enrollmentsync.testing.LocalRedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: the queue's Redis is killed with SIGKILL in the middle of the load and started again
 * a few seconds later from its append-only file ({@code appendfsync always}, so everything it
 * acknowledged is on disk). Webhooks answer 503 meanwhile and the sender retries; the worker backs
 * off and resumes by itself.
 */
class RedisRestartIT {
  private static final Duration DOWN = Duration.ofSeconds(5);

  @Test
  void redisKilledAndRestartedMidLoadLosesNothingAccepted() throws Exception {
    try (LocalRedisServer redis =
            LocalRedisServer.start("--appendonly", "yes", "--appendfsync", "always");
        Scenario s = new Scenario(2, "127.0.0.1", redis.port(), false)) {
      SyncNode node = s.closeAfter(SyncNode.start(s.nodeSettings(s.db.url())));

      s.startSending(node::webhookUri);
      s.awaitAccepted(s.world.deliveries().size() * 2 / 5);
      redis.kill();
      Thread.sleep(DOWN.toMillis()); // the outage itself, not a wait for a result
      redis.restart();
      s.markRecovered();
      s.awaitSent();
      ConsistencyChecker.Verdict verdict = s.awaitConsistent(
          () -> node.queue().stats(), s.world.truth(), s.acceptedEvents());

      s.finish("Redis SIGKILLed mid-load, down " + DOWN.toSeconds() + " s, restarted from its AOF",
          verdict, 0, node.queue().deadLetters().size(),
          "own redis-server with appendonly yes, appendfsync always: a Redis without"
              + " persistence would lose what it held");
    }
  }
}
