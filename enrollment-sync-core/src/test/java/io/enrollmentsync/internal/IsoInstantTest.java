package io.enrollmentsync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "2025-03-14T10:15:02.118Z", "2025-03-14T10:15:02Z", "2026-12-03T14:23:50.427757746Z",
      "2025-03-14T10:15:02.1Z", "2024-02-29T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
      "1969-12-31T23:59:59.5Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
      "2025-03-14T10:15:02.118+02:00", "2025-03-14T10:15:02-05:30", "2025-03-14T00:00:00+18:00",
      "2025-03-14T00:00:00-18:00", "2000-02-29T12:00:00Z", "1900-03-01T00:00:00Z"})
  void commonShapesGiveWhatOffsetDateTimeGives(String text) {
    assertThat(IsoInstant.parseOrNull(text, true)).isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "2025-03-14", "2025-03-14T10:15Z", "2025-03-14T10:15:02", "2025-03-14 10:15:02Z",
      "2025-03-14t10:15:02Z", "2025-03-14T10:15:02z", "2025-13-14T10:15:02Z",
      "2025-00-14T10:15:02Z", "2025-02-29T10:15:02Z", "1900-02-29T10:15:02Z",
      "2025-04-31T10:15:02Z", "2025-03-14T24:00:00Z", "2025-03-14T10:60:02Z",
      "2025-03-14T10:15:60Z", "2025-03-14T10:15:02.Z", "2025-03-14T10:15:02.1234567890Z",
      "2025-03-14T10:15:02+19:00", "2025-03-14T10:15:02+18:30", "2025-03-14T10:15:02+02",
      "2025-03-14T10:15:02+0200", "2025-03-14T10:15:02+02:00:00", "+2025-03-14T10:15:02Z",
      "2025-3-14T10:15:02.000Z", "2025-03-14T10:15:02.118ZZ", "2025-03-14T10:15:02.1a8Z",
      "２０２５-03-14T10:15:02Z"})
  void otherShapesAndInvalidValuesAreLeftToJavaTime(String text) {
    assertThat(IsoInstant.parseOrNull(text, true)).isNull();
  }

  @Test
  void offsetsAreLeftToJavaTimeWhenNotAccepted() {
    assertThat(IsoInstant.parseOrNull("2025-03-14T10:15:02+02:00", false)).isNull();
    assertThat(IsoInstant.parseOrNull("2025-03-14T10:15:02Z", false))
        .isEqualTo(Instant.parse("2025-03-14T10:15:02Z"));
  }

  @Test
  void randomTimestampsAgreeWithOffsetDateTimeWheneverAccepted() {
    SplittableRandom random = new SplittableRandom(9);
    int accepted = 0;
    for (int i = 0; i < 50_000; i++) {
      String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", random.nextInt(10_000),
          random.nextInt(14), random.nextInt(33), random.nextInt(25), random.nextInt(61),
          random.nextInt(61), fraction(random), offset(random));
      Instant fast = IsoInstant.parseOrNull(text, true);
      Instant reference;
      try {
        reference = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        reference = null;
      }
      if (fast != null) {
        accepted++;
        assertThat(fast).as(text).isEqualTo(reference);
      } else if (reference != null) {
        // The one valid shape left to java.time: a decimal point without digits.
        assertThat(text).as("a valid common shape was not read").matches(".*:\\d\\d\\.(Z|[+-].*)");
      }
    }
    assertThat(accepted).isGreaterThan(12_000);
  }

  private static String fraction(SplittableRandom random) {
    int digits = random.nextInt(11);
    if (digits == 0) {
      return "";
    }
    StringBuilder b = new StringBuilder(".");
    for (int i = 1; i < digits; i++) {
      b.append(random.nextInt(10));
    }
    return b.toString();
  }

  private static String offset(SplittableRandom random) {
    return switch (random.nextInt(3)) {
      case 0 -> "Z";
      case 1 -> String.format("+%02d:%02d", random.nextInt(20), random.nextInt(61));
      default -> String.format("-%02d:%02d", random.nextInt(20), random.nextInt(61));
    };
  }
}
