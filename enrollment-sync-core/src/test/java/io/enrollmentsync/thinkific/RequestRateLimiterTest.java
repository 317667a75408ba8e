package io.enrollmentsync.thinkific;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.testing.FakeTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {
  private static final Instant T = Instant.parse("2025-03-20T12:00:00Z");

  private final FakeTime time = new FakeTime(T);
  private final RequestRateLimiter limiter = new RequestRateLimiter(2, time, time);

  @Test
  void requestOverTheLimitWaitsUntilTheOldestLeavesTheMinute() throws Exception {
    limiter.acquire();
    limiter.acquire();
    time.advance(Duration.ofSeconds(10));

    limiter.acquire();

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(50));
  }

  @Test
  void clockSteppingBackAnHourMakesAFullMinuteWaitAtMostAMinute() throws Exception {
    limiter.acquire();
    limiter.acquire();
    time.set(T.minus(Duration.ofHours(1)));

    limiter.acquire();

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void pauseAskedForIsWaitedOnce() throws Exception {
    limiter.pauseFor(Duration.ofSeconds(30));

    limiter.acquire();
    limiter.acquire();

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void clockSteppingBackAnHourDuringAPauseWaitsThePauseNotTheStep() throws Exception {
    limiter.pauseFor(Duration.ofSeconds(30));
    time.set(T.minus(Duration.ofHours(1)));

    limiter.acquire();

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
  }
}
