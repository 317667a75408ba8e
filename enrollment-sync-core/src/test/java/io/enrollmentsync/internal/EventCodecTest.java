package io.enrollmentsync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrollmentsync.EnrollmentAction;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EventSource;
import io.enrollmentsync.SyncParseException;
import io.enrollmentsync.testing.SampleDeliveries;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventCodecTest {
  private static final Instant NOW = Instant.parse("2025-03-20T00:00:00Z");

  @Test
  void webhookCreatedDeliveryBecomesAnEventWithStringIdAndNullDates() {
    EnrollmentEvent e = webhook(SampleDeliveries.number("01").body());

    assertThat(e.eventId()).isEqualTo("20250314101502123456789");
    assertThat(e.source()).isEqualTo(EventSource.WEBHOOK);
    assertThat(e.topic()).isEqualTo("enrollment.created");
    assertThat(e.tenantId()).isEqualTo("48213");
    assertThat(e.occurredAt()).isEqualTo(Instant.parse("2025-03-14T10:15:02.118Z"));
    assertThat(e.snapshot().enrollmentId()).isEqualTo(880101L);
    assertThat(e.snapshot().courseId()).isEqualTo(5021L);
    assertThat(e.snapshot().userName()).isEqualTo("Ada Lovelace");
    assertThat(e.snapshot().percentageCompleted()).isZero();
    assertThat(e.snapshot().completed()).isFalse();
    assertThat(e.snapshot().startedAt()).isNull();
    assertThat(e.snapshot().completedAt()).isNull();
    assertThat(e.snapshot().updatedAt()).isEqualTo(Instant.parse("2025-03-14T10:15:02.101Z"));
  }

  @Test
  void completedDeliveryCarriesCompletionAndADateOnlyCertificateExpiry() {
    EnrollmentEvent e = webhook(SampleDeliveries.number("05").body());

    assertThat(e.action()).isEqualTo(EnrollmentAction.COMPLETED);
    assertThat(e.snapshot().completed()).isTrue();
    assertThat(e.snapshot().percentageCompleted()).isEqualTo(1.0);
    assertThat(e.snapshot().completedAt()).isEqualTo(Instant.parse("2025-03-18T07:44:11.190Z"));
    assertThat(e.snapshot().certificateExpiryDate()).isEqualTo(LocalDate.of(2027, 3, 18));
  }

  @Test
  void apiItemsWithNumericAndStringPercentagesAndIdsBecomePollEvents() throws Exception {
    JsonNode page1 = EventCodec.MAPPER.readTree(SampleDeliveries.apiPage(1));
    JsonNode page2 = EventCodec.MAPPER.readTree(SampleDeliveries.apiPage(2));

    EnrollmentEvent grace = EventCodec.fromApiItem(page1.get("items").get(1), NOW);
    EnrollmentEvent alan = EventCodec.fromApiItem(page2.get("items").get(0), NOW);

    assertThat(grace.source()).isEqualTo(EventSource.POLL);
    assertThat(grace.eventId()).isEqualTo(
        EnrollmentEvent.pollEventId(880102, Instant.parse("2025-03-19T12:05:00Z")));
    assertThat(grace.snapshot().percentageCompleted()).isEqualTo(0.3);
    assertThat(grace.snapshot().expired()).isFalse();
    assertThat(alan.snapshot().percentageCompleted()).isZero();
    assertThat(alan.snapshot().expired()).isTrue();
    assertThat(alan.snapshot().freeTrial()).isTrue();
    assertThat(alan.snapshot().createdAt()).isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
    assertThat(alan.snapshot().startedAt()).isNull();
  }

  @Test
  void enrollmentIdGivenAsStringIsAccepted() throws Exception {
    JsonNode item = EventCodec.MAPPER.readTree(
        "{\"id\":\"880104\",\"percentage_completed\":0.5,\"updated_at\":\"2025-03-18T00:00:00Z\"}");

    assertThat(EventCodec.fromApiItem(item, NOW).snapshot().enrollmentId()).isEqualTo(880104L);
  }

  @ParameterizedTest
  @CsvSource({"'\"0.25\"', 0.25", "0.25, 0.25", "'\"24.0\"', 0.24", "100, 1.0", "'\"1.0\"', 1.0",
      "0, 0.0", "1, 1.0", "'\"87.5\"', 0.875"})
  void percentageIsReadAsAFraction(String json, double expected) throws Exception {
    assertThat(EventCodec.percentage(EventCodec.MAPPER.readTree(json), "p")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"-0.1", "100.5", "'\"abc\"'", "'\"\"'", "true"})
  void percentageOutOfRangeOrNotANumberNamesTheField(String json) throws Exception {
    JsonNode node = EventCodec.MAPPER.readTree(json);

    assertThatThrownBy(() -> EventCodec.percentage(node, "payload.percentage_completed"))
        .isInstanceOf(SyncParseException.class)
        .hasMessageStartingWith("payload.percentage_completed: ");
  }

  @Test
  void truncatedBodyIsAParseErrorOfTheBody() {
    assertThatThrownBy(() -> EventCodec.readEnvelope(SampleDeliveries.number("07").body()))
        .isInstanceOf(SyncParseException.class)
        .satisfies(e -> assertThat(((SyncParseException) e).field()).isEqualTo("body"));
  }

  @Test
  void missingUpdatedAtNamesTheField() {
    String body = "{\"id\":\"1\",\"resource\":\"enrollment\",\"action\":\"progress\","
        + "\"created_at\":\"2025-03-14T10:15:02.118Z\","
        + "\"payload\":{\"id\":5,\"percentage_completed\":\"0.5\"}}";

    assertThatThrownBy(() -> webhook(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SyncParseException.class)
        .hasMessage("payload.updated_at: missing");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'' | payload.percentage_completed: missing; a progress event must carry it",
      "',\"percentage_completed\":null' | payload.percentage_completed: null; a progress event"
          + " must carry a number"})
  void progressWithoutAPercentageIsRejectedRatherThanReadAsZero(String field, String message) {
    String body = "{\"id\":\"1\",\"resource\":\"enrollment\",\"action\":\"progress\","
        + "\"created_at\":\"2025-03-14T10:15:02.118Z\",\"payload\":{\"id\":5" + field
        + ",\"updated_at\":\"2025-03-14T10:15:02.101Z\"}}";

    assertThatThrownBy(() -> webhook(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SyncParseException.class)
        .hasMessage(message);
  }

  @Test
  void createdWithoutAPercentageStartsAtZero() {
    String body = "{\"id\":\"1\",\"resource\":\"enrollment\",\"action\":\"created\","
        + "\"created_at\":\"2025-03-14T10:15:02.118Z\","
        + "\"payload\":{\"id\":5,\"updated_at\":\"2025-03-14T10:15:02.101Z\"}}";

    EnrollmentEvent e = webhook(body.getBytes(StandardCharsets.UTF_8));

    assertThat(e.snapshot().percentageCompleted()).isZero();
    assertThat(e.snapshot().completed()).isFalse();
  }

  @Test
  void queueEncodingRoundTripsEveryField() {
    EnrollmentEvent e = webhook(SampleDeliveries.number("05").body());

    assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
  }

  @Test
  void snapshotToStringHoldsNoPersonalData() {
    EnrollmentEvent e = webhook(SampleDeliveries.number("01").body());

    assertThat(e.toString()).doesNotContain("ada.lovelace").doesNotContain("Lovelace");
  }

  private static EnrollmentEvent webhook(byte[] body) {
    EventCodec.Envelope envelope = EventCodec.readEnvelope(body);
    EnrollmentAction action = EnrollmentAction.fromWebhookAction(envelope.action()).orElseThrow();
    return EventCodec.fromWebhook(envelope, action, NOW, false);
  }
}
