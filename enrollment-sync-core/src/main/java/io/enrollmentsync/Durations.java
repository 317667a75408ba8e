package io.enrollmentsync;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations written by people, such as {@code SYNC_POLL_INTERVAL=3m}.
 *
 * @since 0.1.0
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final String FORMS =
      "use a whole number with a unit (500ms, 90s, 3m, 1h, 2d, or combined such as 1h30m)"
          + " or ISO-8601 (PT3M)";

  private Durations() {}

  /**
   * Reads a duration: a whole number with a unit ({@code ms}, {@code s}, {@code m}, {@code h},
   * {@code d}), several of them combined ({@code 1h30m}), or ISO-8601 ({@code PT3M}). Case and
   * surrounding blanks are ignored; negative durations and bare numbers are rejected.
   *
   * @param text the text, such as {@code 3m}
   * @return the duration
   * @throws IllegalArgumentException naming the text and the accepted forms when it is not one
   * @since 0.1.0
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("A duration is required but the value is empty: " + FORMS);
    }
    String value = text.trim().toLowerCase(Locale.ROOT);
    boolean iso = value.startsWith("p") || value.startsWith("-p");
    Duration parsed = iso ? parseIso(text.trim()) : parseUnits(value);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "Cannot read '" + text.trim() + "' as a duration: " + FORMS);
    }
    if (parsed.isNegative()) {
      throw new IllegalArgumentException(
          "Duration '" + text.trim() + "' is negative: use a positive duration");
    }
    return parsed;
  }

  private static Duration parseIso(String text) {
    try {
      return Duration.parse(text.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration parseUnits(String value) {
    Matcher matcher = PART.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    try {
      while (matcher.lookingAt()) {
        total = total.plus(unit(Long.parseLong(matcher.group(1)), matcher.group(2)));
        end = matcher.end();
        matcher.region(end, value.length());
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
    return end == 0 || end != value.length() ? null : total;
  }

  private static Duration unit(long amount, String unit) {
    switch (unit) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        return Duration.ofDays(amount);
    }
  }
}
