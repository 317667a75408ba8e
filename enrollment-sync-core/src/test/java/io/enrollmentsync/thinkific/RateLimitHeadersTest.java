package io.enrollmentsync.thinkific;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
  private static final Instant NOW = Instant.parse("2025-03-20T00:00:00Z");

  @Test
  void resetOfThirteenDigitsIsEpochMillis() {
    assertThat(RateLimitHeaders.reset("1742428805000", NOW)).contains(Duration.ofSeconds(5));
  }

  @Test
  void resetOfTenDigitsIsEpochSeconds() {
    assertThat(RateLimitHeaders.reset("1742428830", NOW)).contains(Duration.ofSeconds(30));
  }

  @Test
  void smallResetIsMillisecondsUntilReset() {
    assertThat(RateLimitHeaders.reset("250", NOW)).contains(Duration.ofMillis(250));
  }

  @Test
  void resetThatIsNotDigitsOrHasElevenDigitsCannotBeRead() {
    assertThat(RateLimitHeaders.reset("soon", NOW)).isEmpty();
    assertThat(RateLimitHeaders.reset("17424288050", NOW)).isEmpty();
  }

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    assertThat(RateLimitHeaders.retryAfter("7", NOW)).contains(Duration.ofSeconds(7));
    assertThat(RateLimitHeaders.retryAfter("Thu, 20 Mar 2025 00:00:09 GMT", NOW))
        .contains(Duration.ofSeconds(9));
  }
}
