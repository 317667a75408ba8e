package io.enrollmentsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.redis.RedisQueueConfig;
import io.enrollmentsync.testing.LocalRedisServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: the packaged Jetty example ({@code java -jar jetty-example.jar}, configured by its
 * environment as in production) gets SIGTERM in the middle of the load, stops gracefully, and is
 * started again; the sender keeps retrying what was refused meanwhile. Nothing accepted may be
 * lost. The example uses the default key prefix and table names, so it gets a Redis server and a
 * database of its own.
 */
class ShutdownMidLoadIT {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void gracefulStopMidLoadAndRestartLosesNothing() throws Exception {
    try (LocalRedisServer redis = LocalRedisServer.start();
        Scenario s = new Scenario(7, "127.0.0.1", redis.port(), true)) {
      s.useQueueConfig(RedisQueueConfig.defaults());
      int port = ChildProcess.freePort();
      Map<String, String> env = Map.of(
          "PORT", Integer.toString(port),
          "THINKIFIC_WEBHOOK_SECRET", SyncNode.SECRET,
          "REDIS_HOST", "127.0.0.1",
          "REDIS_PORT", Integer.toString(redis.port()),
          "DATABASE_URL", s.db.url(),
          "DATABASE_USER", s.db.user());
      Path jar = Path.of(System.getProperty("jetty.example.jar",
          "../examples/jetty-example/target/jetty-example.jar"));
      ChildProcess first = s.closeAfter(ChildProcess.jar("s7-example-first", jar, env));
      awaitListening(port, first);
      URI target = URI.create("http://127.0.0.1:" + port + "/api/webhooks/enrollment");

      s.startSending(() -> target);
      s.awaitAccepted(s.world.deliveries().size() * 2 / 5);
      long stopStart = System.nanoTime();
      int exit = first.terminate(STOP_TIMEOUT);
      Duration stopTook = Duration.ofNanos(System.nanoTime() - stopStart);
      String firstLog = first.logText();
      ChildProcess second = s.closeAfter(ChildProcess.jar("s7-example-second", jar, env));
      awaitListening(port, second);
      s.markRecovered();
      s.awaitSent();
      ConsistencyChecker.Verdict verdict = s.awaitConsistent(
          () -> s.inspectionQueue().stats(), s.world.truth(), s.acceptedEvents());

      assertThat(exit).as("exit status after SIGTERM and the shutdown hook").isEqualTo(143);
      assertThat(firstLog).contains("Sync worker stopped");
      boolean abandoned = firstLog.contains("some batches were abandoned");
      s.finish("SIGTERM to the example app mid-load, graceful stop, restart", verdict, 0,
          s.inspectionQueue().deadLetters().size(),
          "packaged example jar, default settings; stop took " + seconds(stopTook)
              + (abandoned ? ", a batch was abandoned to the queue" : ", worker finished in time"));
      second.terminate(STOP_TIMEOUT);
    }
  }

  private static void awaitListening(int port, ChildProcess child) {
    await("example listening on " + port).atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> ChildProcess.listening(port) || !child.isAlive());
    assertThat(child.isAlive()).as("example started; see %s", child.log()).isTrue();
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }
}
