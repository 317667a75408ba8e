package io.enrollmentsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.testing.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * Scenario 1: the only consumer runs in a JVM of its own and is killed with SIGKILL in the middle
 * of a batch it has committed to the database but not acknowledged; the webhook instance keeps
 * accepting meanwhile. A consumer started later under the same name takes back what the dead one
 * held, and the batch written twice must change nothing the second time.
 */
class ConsumerKilledIT {

  @Test
  void consumerKilledMidBatchAndRestartedLosesNothingAndAppliesNothingTwice() throws Exception {
    try (Scenario s = new Scenario(1)) {
      TestServices.Endpoint redisAt = TestServices.redis();
      JedisPooled redis = s.closeAfter(SyncNode.redis(redisAt.host(), redisAt.port()));
      String armKey = "{" + s.prefix + "}:test:arm";
      String stuckKey = "{" + s.prefix + "}:test:stuck";
      SyncNode front =
          s.closeAfter(SyncNode.start(s.nodeSettings(s.db.url()).withRunWorker(false)));
      String consumerName = "consumer-" + s.prefix;
      List<String> args = List.of(redisAt.host(), Integer.toString(redisAt.port()), s.prefix,
          s.db.url(), s.db.user(), s.db.table(), consumerName, armKey, stuckKey);
      ChildProcess doomed = s.closeAfter(
          ChildProcess.main("s1-consumer-killed", ConsumerProcessMain.class, args));

      s.startSending(front::webhookUri);
      s.awaitAccepted(s.world.deliveries().size() * 2 / 5);
      redis.set(armKey, "1");
      await("the consumer hangs mid-batch").atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> redis.exists(stuckKey) || !doomed.isAlive());
      assertThat(redis.exists(stuckKey)).as("the consumer hung mid-batch; see %s", doomed.log())
          .isTrue();
      int exit = doomed.kill();
      int batch = Integer.parseInt(redis.get(stuckKey));
      s.awaitAccepted(s.world.deliveries().size() * 4 / 5);
      List<String> restartArgs = new ArrayList<>(args.subList(0, 7));
      restartArgs.addAll(List.of("-", "-"));
      ChildProcess restarted = s.closeAfter(
          ChildProcess.main("s1-consumer-restarted", ConsumerProcessMain.class, restartArgs));
      s.markRecovered();
      s.awaitSent();
      ConsistencyChecker.Verdict verdict = s.awaitConsistent(
          () -> front.queue().stats(), s.world.truth(), s.acceptedEvents());

      assertThat(exit).as("exit status of a process killed by SIGKILL").isEqualTo(137);
      Matcher resumed = Pattern.compile("resumed (\\d+) events").matcher(restarted.logText());
      int takenBack = 0;
      while (resumed.find()) {
        takenBack += Integer.parseInt(resumed.group(1));
      }
      assertThat(takenBack).as("events the restarted consumer took back; see %s", restarted.log())
          .isGreaterThanOrEqualTo(batch);
      s.finish("consumer JVM SIGKILLed mid-batch (committed, not acked), restarted later",
          verdict, 0, front.queue().deadLetters().size(),
          "killed while holding a committed batch of " + batch + " events; webhooks kept being"
              + " accepted while no consumer ran; the restarted consumer took back "
              + takenBack + " unacknowledged events by name");
    }
  }
}
