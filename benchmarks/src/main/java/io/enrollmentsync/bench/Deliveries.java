package io.enrollmentsync.bench;

import io.enrollmentsync.webhook.HmacVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds signed Thinkific enrollment deliveries shaped like the sample {@code
 * 02-enrollment-progress-25.json} (about 600 bytes), cheaply enough for a load generator.
 *
 * <p>Not thread-safe: each sending thread keeps its own instance (it holds a {@link Mac}).
 */
public final class Deliveries {
  /** The key that signed the sample deliveries; the harness starts the app with it. */
  public static final String SECRET = "test-site-api-key-0001";

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Mac mac;

  /** Creates a builder signing with {@link #SECRET}. */
  public Deliveries() {
    this(SECRET);
  }

  /**
   * Creates a builder signing with the given key.
   *
   * @param secret the webhook secret
   */
  public Deliveries(String secret) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /**
   * Returns the body of one progress (or, at 100 %, completed) delivery.
   *
   * @param eventId the envelope id, unique per delivery
   * @param enrollmentId the enrollment
   * @param createdAt the envelope's {@code created_at}: the event time e2e lag is measured from
   * @param updatedAt the snapshot's {@code updated_at}: the version last-write-wins compares
   * @param percent 0 to 100
   * @return UTF-8 JSON
   */
  public static byte[] body(
      String eventId, long enrollmentId, Instant createdAt, Instant updatedAt, int percent) {
    boolean completed = percent >= 100;
    long userId = 300_000 + enrollmentId % 50_000;
    long courseId = 5_000 + enrollmentId % 700;
    StringBuilder b = new StringBuilder(640);
    b.append("{\"id\":\"").append(eventId)
        .append("\",\"resource\":\"enrollment\",\"action\":\"")
        .append(completed ? "completed" : "progress")
        .append("\",\"tenant_id\":\"48213\",\"created_at\":\"").append(createdAt)
        .append("\",\"payload\":{\"activated_at\":\"2025-03-14T10:15:01.904Z\",\"completed_at\":");
    if (completed) {
      b.append('"').append(updatedAt).append('"');
    } else {
      b.append("null");
    }
    b.append(",\"course\":{\"id\":").append(courseId)
        .append(",\"name\":\"Introduction to Distributed Systems\"},\"course_id\":").append(courseId)
        .append(",\"created_at\":\"2025-03-14T10:15:01.931Z\",\"expiry_date\":null,")
        .append("\"free_trial\":false,\"id\":").append(enrollmentId)
        .append(",\"percentage_completed\":\"").append(percent / 100.0)
        .append("\",\"started_at\":\"2025-03-15T08:02:11.310Z\",\"updated_at\":\"")
        .append(updatedAt)
        .append("\",\"user\":{\"email\":\"learner.").append(userId)
        .append("@example.com\",\"first_name\":\"Ada\",\"id\":").append(userId)
        .append(",\"last_name\":\"Lovelace\"}}}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Signs a body the way Thinkific does.
   *
   * @param body the exact bytes
   * @return lower-case hex HMAC-SHA256
   */
  public String sign(byte[] body) {
    byte[] digest = mac.doFinal(body);
    char[] out = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Checks this signer against the library's, so the harness cannot send wrongly signed bodies.
   *
   * @return true when both agree on a sample body
   */
  public boolean agreesWithLibrary() {
    byte[] body = body("1", 1, Instant.EPOCH, Instant.EPOCH, 50);
    return sign(body).equals(HmacVerifier.sign(SECRET, body));
  }
}
