package io.enrollmentsync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EventSource;
import io.enrollmentsync.SyncParseException;
import io.enrollmentsync.testing.SampleDeliveries;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCodecApiItemTest {
  private static final Instant NOW = Instant.parse("2025-03-20T00:00:00Z");

  private static JsonNode item(int page, int index) throws Exception {
    return EventCodec.MAPPER.readTree(SampleDeliveries.apiPage(page)).get("items").get(index);
  }

  @Test
  void sharedItemWithNullDatesAndStringPercentageBecomesAPollEvent() throws Exception {
    EnrollmentEvent event = EventCodec.fromApiItem(item(2, 0), NOW);

    assertThat(event.source()).isEqualTo(EventSource.POLL);
    assertThat(event.eventId())
        .isEqualTo(EnrollmentEvent.pollEventId(880103, Instant.parse("2025-03-18T23:59:59Z")));
    assertThat(event.snapshot().expired()).isTrue();
    assertThat(event.snapshot().startedAt()).isNull();
    assertThat(event.snapshot().percentageCompleted()).isZero();
  }

  @Test
  void idSentAsStringIsReadLikeANumber() throws Exception {
    JsonNode item = EventCodec.MAPPER.readTree(
        "{\"id\":\"880102\",\"user_id\":\"310002\",\"percentage_completed\":0.3,"
            + "\"completed_at\":null,\"updated_at\":\"2025-03-19T12:05:00.000Z\"}");

    EnrollmentEvent event = EventCodec.fromApiItem(item, NOW);

    assertThat(event.enrollmentId()).isEqualTo(880102L);
    assertThat(event.snapshot().userId()).isEqualTo(310002L);
    assertThat(event.snapshot().percentageCompleted()).isEqualTo(0.3);
  }

  @Test
  void itemWithoutUpdatedAtIsRejectedNamingTheField() throws Exception {
    JsonNode item = EventCodec.MAPPER.readTree("{\"id\":880102}");

    assertThatThrownBy(() -> EventCodec.fromApiItem(item, NOW))
        .isInstanceOf(SyncParseException.class)
        .hasMessageContaining("updated_at");
  }
}
