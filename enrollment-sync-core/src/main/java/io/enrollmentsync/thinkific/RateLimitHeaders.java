package io.enrollmentsync.thinkific;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads how long to wait from {@code Retry-After} and {@code RateLimit-Reset}, under the rules in
 * the Thinkific notes: the reset has been documented both as an epoch time and as milliseconds
 * until the reset, and observed as epoch milliseconds.
 */
final class RateLimitHeaders {
  /** The wait after a 429 that names no reset. */
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

  /** The wait when a reset time has already passed, so a stale header does not spin. */
  static final Duration MIN_WAIT = Duration.ofSeconds(1);

  private RateLimitHeaders() {}

  /**
   * Returns the wait after a 429: the longer of {@code Retry-After} and {@code RateLimit-Reset}
   * when present, {@link #DEFAULT_WAIT} when neither can be read, never less than {@link
   * #MIN_WAIT} nor more than {@code cap}.
   */
  static Duration waitAfterTooManyRequests(HttpHeaders headers, Instant now, Duration cap) {
    Optional<Duration> retryAfter =
        headers.firstValue("Retry-After").flatMap(v -> retryAfter(v, now));
    Optional<Duration> reset = headers.firstValue("RateLimit-Reset").flatMap(v -> reset(v, now));
    Duration wait;
    if (retryAfter.isPresent() && reset.isPresent()) {
      wait = max(retryAfter.get(), reset.get());
    } else {
      wait = retryAfter.or(() -> reset).orElse(DEFAULT_WAIT);
    }
    return clamp(wait, cap);
  }

  /**
   * Returns the wait until the budget resets when {@code RateLimit-Remaining} says it is spent,
   * so the next request does not earn a 429; empty while requests remain.
   */
  static Optional<Duration> waitWhenExhausted(HttpHeaders headers, Instant now, Duration cap) {
    Optional<String> remaining = headers.firstValue("RateLimit-Remaining").map(String::trim);
    if (remaining.isEmpty() || !remaining.get().equals("0")) {
      return Optional.empty();
    }
    Duration wait = headers.firstValue("RateLimit-Reset").flatMap(v -> reset(v, now))
        .orElse(DEFAULT_WAIT);
    return Optional.of(clamp(wait, cap));
  }

  /**
   * Reads {@code RateLimit-Reset}: 13 digits are epoch milliseconds, 10 digits epoch seconds, up
   * to 9 digits a duration in milliseconds; anything else cannot be read.
   */
  static Optional<Duration> reset(String value, Instant now) {
    String text = value.trim();
    if (text.isEmpty() || text.length() > 13 || !text.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    long number = Long.parseLong(text);
    if (text.length() == 13) {
      return Optional.of(Duration.between(now, Instant.ofEpochMilli(number)));
    }
    if (text.length() == 10) {
      return Optional.of(Duration.between(now, Instant.ofEpochSecond(number)));
    }
    if (text.length() <= 9) {
      return Optional.of(Duration.ofMillis(number));
    }
    return Optional.empty();
  }

  /**
   * Reads {@code Retry-After}: delay seconds or an HTTP date. Seconds of any length count, so a
   * huge value waits the cap rather than the shorter default; past 12 digits (31,000 years) it is
   * held at that.
   */
  static Optional<Duration> retryAfter(String value, Instant now) {
    String text = value.trim();
    if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
      String seconds = text.length() <= 12 ? text : "999999999999";
      return Optional.of(Duration.ofSeconds(Long.parseLong(seconds)));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(Duration.between(now, at));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration clamp(Duration wait, Duration cap) {
    Duration atLeast = wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait;
    return atLeast.compareTo(cap) > 0 ? cap : atLeast;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
