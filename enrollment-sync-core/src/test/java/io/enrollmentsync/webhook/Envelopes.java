package io.enrollmentsync.webhook;

import java.nio.charset.StandardCharsets;

/** Webhook bodies shaped like Thinkific's, for cases the sample deliveries do not cover. */
final class Envelopes {
  private Envelopes() {}

  /** An envelope around a payload given as raw JSON text. */
  static String envelope(String eventId, String resource, String action, String payloadJson) {
    return "{\"id\":\"" + eventId + "\",\"resource\":\"" + resource + "\",\"action\":\"" + action
        + "\",\"tenant_id\":\"48213\",\"created_at\":\"2025-03-15T08:30:00.551Z\",\"payload\":"
        + payloadJson + "}";
  }

  /** An {@code enrollment.progress} delivery for one version of one enrollment. */
  static String progress(String eventId, long enrollmentId, String updatedAt, String percentage) {
    return envelope(
        eventId, "enrollment", "progress", payload(enrollmentId, updatedAt, percentage));
  }

  /** An enrollment payload with the fields the receiver requires and a few it reads. */
  static String payload(long enrollmentId, String updatedAt, String percentage) {
    return "{\"id\":" + enrollmentId + ",\"course_id\":5021,\"percentage_completed\":\""
        + percentage + "\",\"updated_at\":\"" + updatedAt + "\",\"user\":{\"id\":310001,"
        + "\"email\":\"ada.lovelace@example.com\",\"first_name\":\"Ada\","
        + "\"last_name\":\"Lovelace\"}}";
  }

  static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
