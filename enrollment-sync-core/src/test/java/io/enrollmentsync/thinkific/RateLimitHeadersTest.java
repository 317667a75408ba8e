package io.enrollmentsync.thinkific;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
  void retryAfterOfMoreThanNineDigitsWaitsTheCapNotTheDefault() {
    HttpHeaders headers =
        HttpHeaders.of(Map.of("Retry-After", List.of("1000000000")), (name, value) -> true);

    Duration wait = RateLimitHeaders.waitAfterTooManyRequests(headers, NOW, Duration.ofMinutes(2));

    assertThat(wait).isEqualTo(Duration.ofMinutes(2));
    assertThat(RateLimitHeaders.retryAfter("99999999999999999999999", NOW))
        .hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofDays(365)));
  }

  @Test
  void retryAfterThatIsNegativeOrNotANumberOrDateIsIgnored() {
    assertThat(RateLimitHeaders.retryAfter("-5", NOW)).isEmpty();
    assertThat(RateLimitHeaders.retryAfter("1e9", NOW)).isEmpty();
    assertThat(RateLimitHeaders.retryAfter("soon", NOW)).isEmpty();
  }

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    assertThat(RateLimitHeaders.retryAfter("7", NOW)).contains(Duration.ofSeconds(7));
    assertThat(RateLimitHeaders.retryAfter("Thu, 20 Mar 2025 00:00:09 GMT", NOW))
        .contains(Duration.ofSeconds(9));
  }
}
