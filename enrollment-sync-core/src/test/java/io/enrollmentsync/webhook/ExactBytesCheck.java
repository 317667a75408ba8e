package io.enrollmentsync.webhook;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.internal.EventCodec;
import io.enrollmentsync.memory.InMemoryEventQueue;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.testing.SampleDeliveries.Delivery;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks that signatures verify over the exact bytes received, whatever the JVM's default
 * charset. {@link WebhookExactBytesTest} runs it in this JVM and as a main in a JVM started with
 * {@code -Dfile.encoding=ISO-8859-1}; each check prints one line starting with PASS or FAIL.
 *
 * <p>Every string with non-ASCII characters is written with escapes, so the check does not
 * depend on how this source file was compiled either.
 */
public final class ExactBytesCheck {
  /** Zoë Ångström-Łukasz, a student 😀, 日本語 course. */
  static final String FIRST_NAME = "Zo\u00eb \u00c5ngstr\u00f6m-\u0141ukasz \uD83D\uDE00";
  static final String LAST_NAME = "\u65e5\u672c\u8a9e";

  private ExactBytesCheck() {}

  /**
   * Runs the checks and prints the results; exits 1 when one fails.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    System.out.println("default-charset=" + Charset.defaultCharset().name());
    List<String> results = run();
    results.forEach(System.out::println);
    System.exit(results.stream().allMatch(r -> r.startsWith("PASS ")) ? 0 : 1);
  }

  /** The names of the checks, in the order {@link #run()} reports them. */
  static final List<String> CHECKS = List.of(
      "samples-verify-under-manifest-signatures",
      "multi-byte-utf8", "crlf-line-breaks", "trailing-newline", "trailing-crlf",
      "reordered-keys", "extra-whitespace", "escaped-unicode",
      "multi-byte-utf8-decoded-with-default-charset-is-rejected",
      "reserialised-body-signature-is-rejected");

  /**
   * Runs every check.
   *
   * @return one line per check, starting with PASS or FAIL
   */
  static List<String> run() {
    List<String> out = new ArrayList<>();
    out.add(samples());
    String compact = body("7001", "{\"id\":880701,\"updated_at\":\"2025-03-15T08:30:00Z\","
        + "\"percentage_completed\":\"0.7\",\"user\":{\"id\":310007,\"first_name\":\""
        + FIRST_NAME + "\",\"last_name\":\"" + LAST_NAME + "\"}}");
    out.add(accepted("multi-byte-utf8", compact));
    out.add(accepted("crlf-line-breaks", "{\r\n  \"id\": \"7002\",\r\n  \"resource\": "
        + "\"enrollment\",\r\n  \"action\": \"progress\",\r\n  \"created_at\": "
        + "\"2025-03-15T08:30:00.551Z\",\r\n  \"payload\": {\r\n    \"id\": 880702,\r\n"
        + "    \"updated_at\": \"2025-03-15T08:30:00Z\",\r\n    \"percentage_completed\": \"0.2\","
        + "\r\n    \"user\": {\"first_name\": \""
        + FIRST_NAME + "\", \"last_name\": \"" + LAST_NAME + "\"}\r\n  }\r\n}"));
    out.add(accepted("trailing-newline", compact.replace("7001", "7003") + "\n"));
    out.add(accepted("trailing-crlf", compact.replace("7001", "7004") + "\r\n"));
    out.add(accepted("reordered-keys", "{\"payload\":{\"user\":{\"last_name\":\"" + LAST_NAME
        + "\",\"first_name\":\"" + FIRST_NAME + "\"},\"updated_at\":\"2025-03-15T08:30:00Z\","
        + "\"percentage_completed\":0.5,\"id\":880705},\"created_at\":\"2025-03-15T08:30:00.551Z\","
        + "\"action\":\"progress\","
        + "\"resource\":\"enrollment\",\"id\":\"7005\"}"));
    out.add(accepted("extra-whitespace", " \t{ \"id\" :\t\"7006\" , \"resource\":\"enrollment\" ,"
        + "\"action\" : \"progress\",\"created_at\":\"2025-03-15T08:30:00.551Z\",  \"payload\" :"
        + " { \"id\" : 880706 , \"updated_at\" : \"2025-03-15T08:30:00Z\","
        + " \"percentage_completed\" : \"0.6\" , \"user\": { "
        + "\"first_name\" : \"" + FIRST_NAME + "\" , \"last_name\":\"" + LAST_NAME + "\" } } } "));
    out.add(accepted("escaped-unicode", escapeNonAscii(compact.replace("7001", "7007"))));
    out.add(defaultCharsetDecodingRejected(compact.replace("7001", "7008")));
    out.add(reserialisedRejected(compact.replace("7001", "7009")));
    return out;
  }

  private static String body(String eventId, String payload) {
    return "{\"id\":\"" + eventId + "\",\"resource\":\"enrollment\",\"action\":\"progress\","
        + "\"tenant_id\":\"48213\",\"created_at\":\"2025-03-15T08:30:00.551Z\",\"payload\":"
        + payload + "}";
  }

  private static String samples() {
    WebhookReceiver receiver = receiver(new InMemoryEventQueue());
    for (Delivery d : SampleDeliveries.all()) {
      WebhookResponse response =
          receiver.receive(TestRequest.unsigned(d.body()).signature(d.signature()));
      if (response.status() == 401) {
        return "FAIL samples-verify-under-manifest-signatures: " + d.file() + " was 401";
      }
    }
    return "PASS samples-verify-under-manifest-signatures";
  }

  /** Signs the UTF-8 bytes, delivers them, and checks the event carries the names intact. */
  private static String accepted(String name, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    InMemoryEventQueue queue = new InMemoryEventQueue();
    WebhookResponse response = receiver(queue).receive(TestRequest.signed(bytes));
    if (response.outcome() != WebhookOutcome.ACCEPTED) {
      return "FAIL " + name + ": " + response.status() + " " + ascii(response.body());
    }
    EnrollmentEvent event = taken(queue);
    String expected = FIRST_NAME + " " + LAST_NAME;
    if (!expected.equals(event.snapshot().userName())) {
      return "FAIL " + name + ": user name read as " + ascii(event.snapshot().userName());
    }
    return "PASS " + name;
  }

  /**
   * A receiver that decoded the body with the default charset and re-encoded it would sign other
   * bytes; the signature of those bytes must not verify the bytes sent.
   */
  private static String defaultCharsetDecodingRejected(String json) {
    String name = "multi-byte-utf8-decoded-with-default-charset-is-rejected";
    byte[] sent = json.getBytes(StandardCharsets.UTF_8);
    byte[] roundTripped = new String(sent, Charset.defaultCharset())
        .getBytes(StandardCharsets.ISO_8859_1);
    byte[] other = Arrays.equals(roundTripped, sent)
        ? new String(sent, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8)
        : roundTripped;
    WebhookResponse response = receiver(new InMemoryEventQueue()).receive(TestRequest
        .unsigned(sent).signature(HmacVerifier.sign(SampleDeliveries.SECRET, other)));
    return response.status() == 401 ? "PASS " + name : "FAIL " + name + ": " + response.status();
  }

  private static String reserialisedRejected(String json) {
    String name = "reserialised-body-signature-is-rejected";
    byte[] sent = (json.replace(",", ", ") + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      byte[] reserialised = EventCodec.MAPPER.writeValueAsBytes(EventCodec.MAPPER.readTree(sent));
      WebhookResponse response = receiver(new InMemoryEventQueue()).receive(TestRequest
          .unsigned(sent).signature(HmacVerifier.sign(SampleDeliveries.SECRET, reserialised)));
      return response.status() == 401 ? "PASS " + name : "FAIL " + name + ": " + response.status();
    } catch (java.io.IOException e) {
      return "FAIL " + name + ": " + e;
    }
  }

  private static WebhookReceiver receiver(InMemoryEventQueue queue) {
    return new WebhookReceiver(WebhookConfig.builder().secret(SampleDeliveries.SECRET).build(),
        queue, new SyncMetrics(), Clock.systemUTC());
  }

  private static EnrollmentEvent taken(InMemoryEventQueue queue) {
    try {
      List<QueuedEvent> events = queue.take("check", 10, Duration.ZERO);
      return events.get(0).event();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String escapeNonAscii(String json) {
    StringBuilder out = new StringBuilder();
    for (char c : json.toCharArray()) {
      out.append(c < 0x80 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return out.toString();
  }

  /** Keeps the report ASCII, so the parent reads it the same whatever the charsets. */
  private static String ascii(String text) {
    return text == null ? "null" : escapeNonAscii(text);
  }
}
