package io.enrollmentsync.webhook;

import static io.enrollmentsync.webhook.Envelopes.envelope;
import static io.enrollmentsync.webhook.Envelopes.payload;
import static io.enrollmentsync.webhook.Envelopes.progress;
import static io.enrollmentsync.webhook.Envelopes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.databind.JsonNode;
import io.enrollmentsync.internal.EventCodec;
import io.enrollmentsync.memory.InMemoryEventQueue;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.spi.RejectedDelivery;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.testing.SampleDeliveries.Delivery;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The receiver against everything a sender or an attacker can send, one group per concern. */
class WebhookReceiverTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-03-20T00:00:00Z"), ZoneOffset.UTC);
  private static final String SECRET = SampleDeliveries.SECRET;
  private static final Delivery CREATED = SampleDeliveries.number("01");

  private final InMemoryEventQueue queue =
      new InMemoryEventQueue(InMemoryEventQueue.Config.DEFAULTS, CLOCK);
  private final SyncMetrics metrics = new SyncMetrics();
  private WebhookReceiver receiver = receiver(WebhookConfig.builder().secret(SECRET).build());

  private WebhookReceiver receiver(WebhookConfig config) {
    return new WebhookReceiver(config, queue, metrics, CLOCK);
  }

  private long count(String name) {
    Counter counter = metrics.registry().getCounters().get("enrollmentsync.webhook." + name);
    return counter == null ? 0 : counter.getCount();
  }

  private static JsonNode json(WebhookResponse response) throws IOException {
    return EventCodec.MAPPER.readTree(response.body());
  }

  private List<QueuedEvent> queued() throws InterruptedException {
    return queue.take("test", 100, Duration.ZERO);
  }

  @Nested
  class Signature {
    @Test
    void everySampleEnrollmentDeliveryIsAcceptedUnderItsManifestSignature() {
      for (String n : List.of("01", "02", "03", "04", "05")) {
        Delivery d = SampleDeliveries.number(n);

        WebhookResponse response = receiver.receive(TestRequest.unsigned(d.body())
            .signature(d.signature()).header("X-Thinkific-Topic", d.topic()));

        assertThat(response.outcome()).as(d.file()).isEqualTo(WebhookOutcome.ACCEPTED);
        assertThat(response.status()).isEqualTo(202);
      }
    }

    static Stream<Arguments> badHeaders() {
      String good = CREATED.signature();
      byte[] mac = HexFormat.of().parseHex(good);
      char[] fullWidth = new char[64];
      Arrays.fill(fullWidth, '\uFF10');
      return Stream.of(
          arguments("missing", new String[0], "signature.missing"),
          arguments("empty", new String[] {""}, "signature.empty"),
          arguments("blank", new String[] {"  \t "}, "signature.empty"),
          arguments("odd length", new String[] {good.substring(1)}, "signature.wrong_length"),
          arguments("one digit too many", new String[] {good + "0"}, "signature.wrong_length"),
          arguments("two MACs joined by a comma", new String[] {good + "," + good},
              "signature.wrong_length"),
          arguments("sha256= prefix", new String[] {"sha256=" + good}, "signature.wrong_length"),
          arguments("base64 of the correct MAC",
              new String[] {Base64.getEncoder().encodeToString(mac)}, "signature.wrong_length"),
          arguments("base64url of the correct MAC, no padding",
              new String[] {Base64.getUrlEncoder().withoutPadding().encodeToString(mac)},
              "signature.wrong_length"),
          arguments("space inserted inside", new String[] {good.substring(0, 32) + " "
              + good.substring(32)}, "signature.wrong_length"),
          arguments("space in place of a digit", new String[] {good.substring(0, 32) + " "
              + good.substring(33)}, "signature.not_hex"),
          arguments("non-hex letter", new String[] {good.substring(0, 63) + "g"},
              "signature.not_hex"),
          arguments("NUL in place of a digit", new String[] {good.substring(0, 32) + "\0"
              + good.substring(33)}, "signature.not_hex"),
          arguments("full-width digits", new String[] {new String(fullWidth)},
              "signature.not_hex"),
          arguments("repeated header, same correct value", new String[] {good, good},
              "signature.repeated"),
          arguments("repeated header, one wrong value",
              new String[] {good, HmacVerifier.sign("other-key", CREATED.body())},
              "signature.repeated"),
          arguments("MAC under another key",
              new String[] {HmacVerifier.sign("other-key", CREATED.body())},
              "signature.mismatch"),
          arguments("MAC of an empty body", new String[] {HmacVerifier.sign(SECRET, new byte[0])},
              "signature.mismatch"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badHeaders")
    void badSignatureHeaderIsACleanUnauthorizedCountedByReason(
        String label, String[] values, String reason) throws IOException {
      WebhookResponse response;
      try (CapturedLog log = new CapturedLog()) {
        response = receiver.receive(TestRequest.unsigned(CREATED.body()).signature(values));

        assertThat(log.text()).doesNotContain("Exception").doesNotContain("\tat ");
      }

      assertThat(response.status()).isEqualTo(401);
      assertThat(json(response).get("error").asText()).isEqualTo(reason);
      assertThat(response.body()).doesNotContain("Exception");
      assertThat(count("rejected." + reason)).isEqualTo(1);
      assertThat(count("outcome.unauthorized")).isEqualTo(1);
      assertThat(queue.stats().depth()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"upper", " lower", "upper\t", "\tlower  "})
    void upperCaseHexAndSurroundingWhitespaceOfTheCorrectMacAreAccepted(String variant) {
      String hex = variant.strip().equals("upper")
          ? CREATED.signature().toUpperCase(Locale.ROOT)
          : CREATED.signature();
      String value = variant.replace("upper", hex).replace("lower", hex);

      WebhookResponse response =
          receiver.receive(TestRequest.unsigned(CREATED.body()).signature(value));

      assertThat(response.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
    }

    @Test
    void deliverySignedWithAnyActiveKeyIsAcceptedDuringRotation() {
      receiver = receiver(WebhookConfig.builder().secret("old-site-key").secret(SECRET)
          .secret("app-client-secret").build());
      byte[] first = utf8(progress("1001", 880201, "2025-03-15T08:30:00Z", "0.1"));
      byte[] second = utf8(progress("1002", 880202, "2025-03-15T08:30:00Z", "0.1"));
      byte[] third = utf8(progress("1003", 880203, "2025-03-15T08:30:00Z", "0.1"));

      WebhookResponse old = receiver.receive(
          TestRequest.unsigned(first).signature(HmacVerifier.sign("old-site-key", first)));
      WebhookResponse app = receiver.receive(
          TestRequest.unsigned(second).signature(HmacVerifier.sign("app-client-secret", second)));
      WebhookResponse retired = receiver.receive(
          TestRequest.unsigned(third).signature(HmacVerifier.sign("retired-key", third)));

      assertThat(old.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
      assertThat(app.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
      assertThat(retired.status()).isEqualTo(401);
      assertThat(count("rejected.signature.mismatch")).isEqualTo(1);
    }

    @Test
    void oneFlippedBitUnderTheOriginalSignatureIsUnauthorized() {
      byte[] body = CREATED.body();
      body[body.length / 3] ^= 0x01;

      WebhookResponse response =
          receiver.receive(TestRequest.unsigned(body).signature(CREATED.signature()));

      assertThat(response.status()).isEqualTo(401);
      assertThat(count("rejected.signature.mismatch")).isEqualTo(1);
    }

    @Test
    void signatureOverAReserialisedBodyDoesNotVerifyTheBytesSent() throws IOException {
      byte[] sent = utf8("{ \"id\" : \"1004\",\r\n \"resource\":\"enrollment\","
          + "\"action\":\"progress\","
          + "\"tenant_id\":\"48213\",\"created_at\":\"2025-03-15T08:30:00.551Z\",\"payload\":"
          + payload(880204, "2025-03-15T08:30:00Z", "0.1") + "}\n");
      byte[] reserialised = EventCodec.MAPPER.writeValueAsBytes(EventCodec.MAPPER.readTree(sent));

      WebhookResponse response = receiver.receive(
          TestRequest.unsigned(sent).signature(HmacVerifier.sign(SECRET, reserialised)));

      assertThat(reserialised).isNotEqualTo(sent);
      assertThat(response.status()).isEqualTo(401);
    }
  }

  @Nested
  class UnsignedDeliveries {
    private final byte[] body = utf8(progress("2001", 880301, "2025-03-15T08:30:00Z", "0.2"));

    @Test
    void unsignedDeliveryIsAcceptedAndMarkedOnlyWithAllowUnsigned() throws Exception {
      receiver = receiver(WebhookConfig.builder().secret(SECRET).allowUnsigned(true).build());

      WebhookResponse response = receiver.receive(TestRequest.unsigned(body));

      assertThat(response.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
      assertThat(json(response).get("unsigned").asBoolean()).isTrue();
      assertThat(queued()).singleElement()
          .satisfies(e -> assertThat(e.event().unsigned()).isTrue());
      assertThat(count("unsigned")).isEqualTo(1);
    }

    @Test
    void allowUnsignedStillRejectsAPresentButEmptyOrWrongSignature() {
      receiver = receiver(WebhookConfig.builder().secret(SECRET).allowUnsigned(true).build());

      WebhookResponse empty = receiver.receive(TestRequest.unsigned(body).signature(""));
      WebhookResponse wrong = receiver.receive(
          TestRequest.unsigned(body).signature(HmacVerifier.sign("other-key", body)));

      assertThat(empty.status()).isEqualTo(401);
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(queue.stats().depth()).isZero();
    }

    @Test
    void signedDeliveryIsNotMarkedUnsignedWhenTheOptionIsOn() throws Exception {
      receiver = receiver(WebhookConfig.builder().secret(SECRET).allowUnsigned(true).build());

      receiver.receive(TestRequest.signed(body));

      assertThat(queued()).singleElement()
          .satisfies(e -> assertThat(e.event().unsigned()).isFalse());
      assertThat(count("unsigned")).isZero();
    }

    @Test
    void allowUnsignedLogsOneWarningAtStartUpAndTheDefaultLogsNone() {
      List<String> withOption;
      List<String> withoutOption;
      try (CapturedLog log = new CapturedLog()) {
        receiver(WebhookConfig.builder().secret(SECRET).allowUnsigned(true).build());
        withOption = log.events("WARN", WebhookReceiver.class);
      }
      try (CapturedLog log = new CapturedLog()) {
        receiver(WebhookConfig.builder().secret(SECRET).build());
        withoutOption = log.events("WARN", WebhookReceiver.class);
      }

      assertThat(withOption).singleElement().asString().contains("UNSIGNED");
      assertThat(withoutOption).isEmpty();
    }
  }

  @Nested
  class SizeLimit {
    @Test
    void defaultLimitIsOneMebibyte() {
      assertThat(WebhookConfig.builder().secret(SECRET).build().maxBodyBytes())
          .isEqualTo(1024 * 1024);
    }

    @Test
    void declaredLengthOverTheLimitIs413WithoutOpeningTheBody() {
      TestRequest request = TestRequest.signed(CREATED.body()).contentLength(1024 * 1024 + 1);

      WebhookResponse response = receiver.receive(request);

      assertThat(response.status()).isEqualTo(413);
      assertThat(request.opened()).isZero();
      assertThat(count("rejected.body.too_large")).isEqualTo(1);
    }

    @Test
    void neverEndingChunkedBodyIs413AfterReadingOneBytePastTheDefaultLimit() {
      EndlessBody endless = new EndlessBody();

      WebhookResponse response = receiver.receive(
          TestRequest.signed(CREATED.body()).contentLength(-1).body(endless));

      assertThat(response.status()).isEqualTo(413);
      assertThat(endless.bytesRead()).isEqualTo(1024 * 1024 + 1);
    }

    @Test
    void neverEndingBodyStopsOneBytePastAConfiguredSmallLimit() {
      receiver = receiver(WebhookConfig.builder().secret(SECRET).maxBodyBytes(1000).build());
      EndlessBody endless = new EndlessBody();

      WebhookResponse response = receiver.receive(
          TestRequest.signed(CREATED.body()).contentLength(-1).body(endless));

      assertThat(response.status()).isEqualTo(413);
      assertThat(endless.bytesRead()).isEqualTo(1001);
    }

    @Test
    void understatedContentLengthDoesNotLetALargerBodyThrough() {
      receiver = receiver(WebhookConfig.builder().secret(SECRET).maxBodyBytes(1000).build());
      byte[] large = new byte[50_000];
      Arrays.fill(large, (byte) ' ');
      CountingStream stream = new CountingStream(large);

      WebhookResponse response =
          receiver.receive(TestRequest.signed(large).contentLength(10).body(stream));

      assertThat(response.status()).isEqualTo(413);
      assertThat(stream.read).isEqualTo(1001);
    }

    @Test
    void bodyOfExactlyTheLimitIsAcceptedAndOneByteMoreIsNot() {
      byte[] json = utf8(progress("3001", 880401, "2025-03-15T08:30:00Z", "0.3"));
      receiver = receiver(WebhookConfig.builder().secret(SECRET).maxBodyBytes(json.length + 10)
          .build());
      byte[] atLimit = Arrays.copyOf(json, json.length + 10);
      Arrays.fill(atLimit, json.length, atLimit.length, (byte) ' ');
      byte[] overLimit = Arrays.copyOf(atLimit, atLimit.length + 1);
      overLimit[overLimit.length - 1] = ' ';

      WebhookResponse at = receiver.receive(TestRequest.signed(atLimit).contentLength(-1));
      WebhookResponse over = receiver.receive(TestRequest.signed(overLimit).contentLength(-1));

      assertThat(at.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
      assertThat(over.status()).isEqualTo(413);
    }
  }

  @Nested
  class UnreadableBody {
    /** Hands out the first bytes of a valid delivery, then fails as a dropped connection does. */
    private InputStream failingAfter(byte[] bytes, int good) {
      return new InputStream() {
        private int pos;

        @Override
        public int read() throws IOException {
          if (pos >= good) {
            throw new IOException("connection reset by peer");
          }
          return bytes[pos++] & 0xff;
        }
      };
    }

    @Test
    void bodyThatFailsMidStreamIs503WithRetryAfterAndQueuesNothing() throws Exception {
      byte[] body = CREATED.body();
      TestRequest request = TestRequest.signed(body).body(failingAfter(body, body.length / 2));

      WebhookResponse response = receiver.receive(request);

      assertThat(response.status()).isEqualTo(503);
      assertThat(response.outcome()).isEqualTo(WebhookOutcome.UNAVAILABLE);
      assertThat(response.headers()).containsEntry("Retry-After", "5");
      JsonNode json = json(response);
      assertThat(json.path("error").asText()).isEqualTo("body.unreadable");
      assertThat(json.path("message").asText()).contains("could not be read");
      assertThat(count("rejected.body.unreadable")).isEqualTo(1);
      assertThat(queued()).isEmpty();
    }

    @Test
    void theSameDeliverySentAgainWholeIsAccepted() throws Exception {
      byte[] body = CREATED.body();
      receiver.receive(TestRequest.signed(body).body(failingAfter(body, 10)));

      WebhookResponse again = receiver.receive(TestRequest.signed(body));

      assertThat(again.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
      assertThat(again.eventId()).isNotNull();
      assertThat(queued()).singleElement()
          .satisfies(q -> assertThat(q.event().eventId()).isEqualTo(again.eventId()));
    }
  }

  /** A body stream that counts the bytes handed out. */
  private static final class CountingStream extends InputStream {
    private final ByteArrayInputStream in;
    long read;

    CountingStream(byte[] bytes) {
      in = new ByteArrayInputStream(bytes);
    }

    @Override
    public int read() {
      int b = in.read();
      read += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      int n = in.read(b, off, len);
      read += Math.max(n, 0);
      return n;
    }
  }

  @Nested
  class ContentType {
    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8",
        "Application/JSON;Charset=UTF-8", "application/json; charset=\"utf-8\"",
        "application/json;charset=us-ascii", "application/vnd.thinkific.webhook+json", "  "})
    void jsonInUtf8IsAccepted(String contentType) {
      WebhookResponse response =
          receiver.receive(TestRequest.signed(CREATED.body()).header("Content-Type", contentType));

      assertThat(response.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
    }

    @Test
    void missingContentTypeIsAcceptedBecauseTheSignatureGatesTheBody() {
      WebhookResponse response =
          receiver.receive(TestRequest.signed(CREATED.body()).header("Content-Type"));

      assertThat(response.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "text/json",
        "application/jsonp", "application/xml", "application/octet-stream",
        "application/json; charset=iso-8859-1", "application/json; charset=utf-16"})
    void anythingButJsonInUtf8Is415WithoutReadingTheBody(String contentType) throws IOException {
      TestRequest request = TestRequest.signed(CREATED.body()).header("Content-Type", contentType);

      WebhookResponse response = receiver.receive(request);

      assertThat(response.status()).isEqualTo(415);
      assertThat(json(response).get("message").asText()).contains(contentType);
      assertThat(request.opened()).isZero();
      assertThat(count("rejected.content_type")).isEqualTo(1);
      assertThat(queue.stats().depth()).isZero();
    }

    @Test
    void repeatedContentTypeWithOneNonJsonValueIs415() {
      WebhookResponse response = receiver.receive(TestRequest.signed(CREATED.body())
          .header("Content-Type", "application/json", "text/plain"));

      assertThat(response.status()).isEqualTo(415);
    }

    @Test
    void controlCharactersInARejectedContentTypeAreNotEchoed() throws IOException {
      WebhookResponse response = receiver.receive(TestRequest.signed(CREATED.body())
          .header("Content-Type", "text/plain\r\nX-Injected: 1"));

      assertThat(json(response).get("message").asText()).doesNotContain("\r").doesNotContain("\n");
    }
  }

  @Nested
  class EmptyAndMalformedBodies {
    @Test
    void emptySignedBodyIs400AfterVerification() throws IOException {
      WebhookResponse response = receiver.receive(TestRequest.signed(new byte[0]));

      assertThat(response.status()).isEqualTo(400);
      assertThat(json(response).get("error").asText()).isEqualTo("body.empty");
    }

    @Test
    void emptyBodyWithoutAValidSignatureIs401NotA400() {
      WebhookResponse unsigned = receiver.receive(TestRequest.unsigned(new byte[0]));
      WebhookResponse wrong = receiver.receive(TestRequest.unsigned(new byte[0])
          .signature(HmacVerifier.sign("other-key", new byte[0])));

      assertThat(unsigned.status()).isEqualTo(401);
      assertThat(wrong.status()).isEqualTo(401);
    }

    static Stream<Arguments> malformed() {
      String okPayload = payload(880501, "2025-03-15T08:30:00Z", "0.5");
      return Stream.of(
          arguments("JSON array", "[{\"id\":\"1\"}]", "body"),
          arguments("JSON number", "42", "body"),
          arguments("JSON string", "\"enrollment.progress\"", "body"),
          arguments("JSON null", "null", "body"),
          arguments("JSON true", "true", "body"),
          arguments("whitespace only", " \r\n\t ", "body"),
          arguments("truncated sample 07",
              new String(SampleDeliveries.number("07").body(), StandardCharsets.UTF_8),
              "body"),
          arguments("two documents", progress("4001", 880501, "2025-03-15T08:30:00Z", "0.5")
              + "{\"id\":\"4002\"}", "body"),
          arguments("duplicate id key", "{\"id\":\"4003\",\"id\":\"4004\","
              + "\"resource\":\"enrollment\","
              + "\"action\":\"progress\",\"created_at\":\"2025-03-15T08:30:00Z\",\"payload\":"
              + okPayload + "}", "body"),
          arguments("duplicate key inside the payload", envelope("4005", "enrollment", "progress",
              "{\"id\":880501,\"id\":880502,\"updated_at\":\"2025-03-15T08:30:00Z\"}"), "body"),
          arguments("nesting 5000 deep", envelope("4006", "enrollment", "progress",
              "[".repeat(5000) + "]".repeat(5000)), "body"),
          arguments("number of 2000 digits", envelope("4007", "enrollment", "progress",
              "{\"id\":" + "9".repeat(2000) + "}"), "body"),
          arguments("exponent beyond BigDecimal", envelope("4024", "enrollment", "progress",
              "{\"id\":1e999999999025}"), "body"),
          arguments("missing id", "{\"resource\":\"enrollment\",\"action\":\"progress\"}", "id"),
          arguments("id is an object", "{\"id\":{\"a\":1},\"resource\":\"enrollment\","
              + "\"action\":\"progress\"}", "id"),
          arguments("id holds a line break", envelope("40\\n08", "enrollment", "progress",
              okPayload), "id"),
          arguments("id of 65 characters", envelope("9".repeat(65), "enrollment", "progress",
              okPayload), "id"),
          arguments("missing resource", "{\"id\":\"4009\",\"action\":\"progress\"}", "resource"),
          arguments("action holds a line break", envelope("4010", "enrollment", "pro\\ngress",
              okPayload), "action"),
          arguments("payload is an array", envelope("4011", "enrollment", "progress", "[]"),
              "payload"),
          arguments("payload is a string", envelope("4012", "enrollment", "progress", "\"{}\""),
              "payload"),
          arguments("payload is null", envelope("4013", "enrollment", "progress", "null"),
              "payload"),
          arguments("payload is missing", "{\"id\":\"4014\",\"resource\":\"enrollment\","
              + "\"action\":\"progress\",\"created_at\":\"2025-03-15T08:30:00Z\"}", "payload"),
          arguments("created_at is not a date", progress("4015", 880501, "2025-03-15T08:30:00Z",
              "0.5").replace("2025-03-15T08:30:00.551Z", "yesterday"), "created_at"),
          arguments("payload.id is missing", envelope("4016", "enrollment", "progress",
              "{\"updated_at\":\"2025-03-15T08:30:00Z\"}"), "payload.id"),
          arguments("payload.id is larger than a long", envelope("4017", "enrollment", "progress",
              "{\"id\":99999999999999999999999,\"updated_at\":\"2025-03-15T08:30:00Z\"}"),
              "payload.id"),
          arguments("payload.id is 1e999999999", envelope("4018", "enrollment", "progress",
              "{\"id\":1e999999999,\"updated_at\":\"2025-03-15T08:30:00Z\"}"), "payload.id"),
          arguments("payload.updated_at is missing", envelope("4019", "enrollment", "progress",
              "{\"id\":880501}"), "payload.updated_at"),
          arguments("percentage 1e999999999", envelope("4020", "enrollment", "progress",
              "{\"id\":880501,\"percentage_completed\":1e999999999,"
                  + "\"updated_at\":\"2025-03-15T08:30:00Z\"}"), "payload.percentage_completed"),
          arguments("percentage -1e999999999", envelope("4021", "enrollment", "progress",
              "{\"id\":880501,\"percentage_completed\":-1e999999999,"
                  + "\"updated_at\":\"2025-03-15T08:30:00Z\"}"), "payload.percentage_completed"),
          arguments("percentage as a string of 100000 digits", envelope("4022", "enrollment",
              "progress", "{\"id\":880501,\"percentage_completed\":\"" + "1".repeat(100_000)
                  + "\",\"updated_at\":\"2025-03-15T08:30:00Z\"}"), "payload.percentage_completed"),
          arguments("user id holds an email", envelope("4023", "enrollment", "progress",
              "{\"id\":880501,\"updated_at\":\"2025-03-15T08:30:00Z\","
                  + "\"user\":{\"id\":\"ada.lovelace@example.com\"}}"), "payload.user.id"),
          arguments("created_at in year +999999999", progress("4025", 880501,
              "2025-03-15T08:30:00Z", "0.5").replace("2025-03-15T08:30:00.551Z",
              "+999999999-12-31T23:59:59Z"), "created_at"),
          arguments("created_at in year -999999999", progress("4026", 880501,
              "2025-03-15T08:30:00Z", "0.5").replace("2025-03-15T08:30:00.551Z",
              "-999999999-01-01T00:00:00Z"), "created_at"),
          arguments("payload.updated_at in year 10000", progress("4027", 880501,
              "+10000-01-01T00:00:00Z", "0.5"), "payload.updated_at"),
          arguments("payload.updated_at in year 999", progress("4028", 880501,
              "0999-12-31T23:59:59Z", "0.5"), "payload.updated_at"),
          arguments("payload.expiry_date a day past 9999", envelope("4029", "enrollment",
              "progress", "{\"id\":880501,\"updated_at\":\"2025-03-15T08:30:00Z\","
                  + "\"expiry_date\":\"+10000-01-01\"}"), "payload.expiry_date"),
          arguments("payload.certificate_expiry_date in year 20000", envelope("4030",
              "enrollment", "progress", "{\"id\":880501,\"updated_at\":\"2025-03-15T08:30:00Z\","
                  + "\"certificate_expiry_date\":\"+20000-01-01\"}"),
              "payload.certificate_expiry_date"));
    }

    @Test
    void datesAtTheEdgesOfTheAcceptedYearsAreAccepted() {
      WebhookResponse first = receiver.receive(TestRequest.signed(utf8(progress("4031", 880501,
          "1000-01-01T00:00:00Z", "0.5"))));
      WebhookResponse last = receiver.receive(TestRequest.signed(utf8(progress("4032", 880501,
          "9999-12-31T23:59:59.999Z", "0.5"))));

      assertThat(first.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
      assertThat(last.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32"})
    void jsonInAnotherUnicodeEncodingIs400NotUtf8EvenWhenSigned(String charset)
        throws IOException {
      byte[] bytes = progress("4103", 880501, "2025-03-15T08:30:00Z", "0.5")
          .getBytes(java.nio.charset.Charset.forName(charset));

      WebhookResponse response = receiver.receive(TestRequest.signed(bytes));

      assertThat(response.status()).isEqualTo(400);
      JsonNode json = json(response);
      assertThat(json.get("field").asText()).isEqualTo("body");
      assertThat(json.get("message").asText()).contains("not UTF-8");
      assertThat(queue.stats().depth()).isZero();
    }

    @Test
    void utf8WithAByteOrderMarkIsAccepted() {
      byte[] json = utf8(progress("4104", 880501, "2025-03-15T08:30:00Z", "0.5"));
      byte[] withBom = new byte[json.length + 3];
      withBom[0] = (byte) 0xEF;
      withBom[1] = (byte) 0xBB;
      withBom[2] = (byte) 0xBF;
      System.arraycopy(json, 0, withBom, 3, json.length);

      assertThat(receiver.receive(TestRequest.signed(withBom)).outcome())
          .isEqualTo(WebhookOutcome.ACCEPTED);
    }

    @ParameterizedTest(name = "{0} -> field {2}")
    @MethodSource("malformed")
    void signedBodyThatIsNoValidEnvelopeIs400NamingTheFieldAndIsQuarantined(
        String label, String body, String field) throws IOException {
      byte[] bytes = utf8(body);

      WebhookResponse response = receiver.receive(TestRequest.signed(bytes));

      assertThat(response.status()).isEqualTo(400);
      JsonNode json = json(response);
      assertThat(json.get("error").asText()).isEqualTo("body.malformed");
      assertThat(json.get("field").asText()).isEqualTo(field);
      assertThat(json.get("message").asText()).startsWith(field + ": ");
      List<RejectedDelivery> kept = queue.quarantined(10);
      assertThat(kept).singleElement().satisfies(r -> {
        assertThat(r.body()).isEqualTo(bytes);
        assertThat(r.reason()).startsWith(field + ": ");
      });
      assertThat(count("rejected.body.malformed")).isEqualTo(1);
      assertThat(count("outcome.malformed")).isEqualTo(1);
      assertThat(queue.stats().depth()).isZero();
    }

    @Test
    void invalidUtf8IsA400OfTheBody() throws IOException {
      byte[] bytes = utf8(progress("4101", 880501, "2025-03-15T08:30:00Z", "0.5"));
      int at = new String(bytes, StandardCharsets.UTF_8).indexOf("Ada");
      bytes[at] = (byte) 0xC3;
      bytes[at + 1] = (byte) 0x28;

      WebhookResponse response = receiver.receive(TestRequest.signed(bytes));

      assertThat(response.status()).isEqualTo(400);
      assertThat(json(response).get("field").asText()).isEqualTo("body");
      assertThat(queue.quarantined(10)).hasSize(1);
    }

    @Test
    void malformedLogLineCarriesEventIdAndFieldButNoValue() {
      byte[] bytes = utf8(envelope("4102", "enrollment", "progress",
          "{\"id\":880501,\"updated_at\":\"2025-03-15T08:30:00Z\","
              + "\"user\":{\"id\":\"ada.lovelace@example.com\"}}"));

      List<String> warnings;
      try (CapturedLog log = new CapturedLog()) {
        receiver.receive(TestRequest.signed(bytes));
        warnings = log.events("WARN", WebhookReceiver.class);
      }

      assertThat(warnings).singleElement().asString()
          .contains("4102").contains("payload.user.id").doesNotContain("ada.lovelace");
    }

    @Test
    void aNumericIdLargerThanALongIsKeptAsItsDigits() throws Exception {
      byte[] bytes = utf8(progress("x", 880502, "2025-03-15T08:30:00Z", "0.5")
          .replace("\"id\":\"x\"", "\"id\":20250315083000555000999"));

      WebhookResponse response = receiver.receive(TestRequest.signed(bytes));

      assertThat(response.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
      assertThat(queued()).singleElement()
          .satisfies(e -> assertThat(e.event().eventId()).isEqualTo("20250315083000555000999"));
    }
  }

  @Nested
  class Topics {
    static Stream<Arguments> otherTopics() {
      return Stream.of(
          arguments("order", "created", "order.created"),
          arguments("user", "signup", "user.signup"),
          arguments("lesson", "completed", "lesson.completed"),
          arguments("enrollment", "revoked", "enrollment.revoked"),
          arguments("enrollment", "expired", "enrollment.expired"),
          arguments("Enrollment", "Updated", "enrollment.updated"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("otherTopics")
    void otherTopicsAndUnknownEnrollmentActionsAre200CountedPerTopicAndNotQueued(
        String resource, String action, String topic) throws IOException {
      byte[] bytes = utf8(envelope("5001", resource, action, "{\"id\":42}"));

      WebhookResponse response = receiver.receive(TestRequest.signed(bytes));

      assertThat(response.outcome()).isEqualTo(WebhookOutcome.IGNORED);
      assertThat(response.status()).isEqualTo(200);
      assertThat(json(response).get("topic").asText()).isEqualTo(topic);
      assertThat(count("ignored." + topic)).isEqualTo(1);
      assertThat(count("outcome.ignored")).isEqualTo(1);
      assertThat(queue.stats().depth()).isZero();
    }

    @Test
    void sampleWithUnknownActionIsIgnored() {
      Delivery d = SampleDeliveries.number("06");

      WebhookResponse response =
          receiver.receive(TestRequest.unsigned(d.body()).signature(d.signature()));

      assertThat(response.outcome()).isEqualTo(WebhookOutcome.IGNORED);
      assertThat(count("ignored.enrollment.revoked")).isEqualTo(1);
    }

    @Test
    void otherTopicNeedsNoPayloadToBeAcknowledged() {
      byte[] bytes = utf8("{\"id\":\"5002\",\"resource\":\"order\",\"action\":\"created\"}");

      WebhookResponse response = receiver.receive(TestRequest.signed(bytes));

      assertThat(response.outcome()).isEqualTo(WebhookOutcome.IGNORED);
    }

    @Test
    void topicHeaderIsOnlyAHintAndTheBodyDecides() {
      byte[] enrollment = utf8(progress("5003", 880601, "2025-03-15T08:30:00Z", "0.6"));
      byte[] order = utf8(envelope("5004", "order", "created", "{\"id\":1}"));

      WebhookResponse applied = receiver.receive(
          TestRequest.signed(enrollment).header("X-Thinkific-Topic", "order.created"));
      WebhookResponse ignored = receiver.receive(
          TestRequest.signed(order).header("X-Thinkific-Topic", "enrollment.progress"));

      assertThat(applied.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
      assertThat(ignored.outcome()).isEqualTo(WebhookOutcome.IGNORED);
    }

    @Test
    void countersPerTopicStayBoundedWhateverTopicsArrive() {
      for (int i = 0; i < 200; i++) {
        receiver.receive(TestRequest.signed(utf8(envelope("6" + i, "res" + i, "x", "{}"))));
      }

      long ignoredCounters = metrics.registry().getCounters().keySet().stream()
          .filter(name -> name.startsWith("enrollmentsync.webhook.ignored.")).count();
      assertThat(ignoredCounters).isLessThanOrEqualTo(65);
      assertThat(count("outcome.ignored")).isEqualTo(200);
    }
  }

  @Nested
  class UnexpectedErrors {
    @Test
    void queueFailingUnexpectedlyGives500WithAGenericBodyAndOneLogLineWithTheEventId()
        throws IOException {
      FaultyQueue faulty = new FaultyQueue(queue)
          .failOffers(new IllegalStateException("internal detail 10.0.0.7 password=hunter2"));
      WebhookReceiver failing = new WebhookReceiver(
          WebhookConfig.builder().secret(SECRET).build(), faulty, metrics, CLOCK);

      WebhookResponse response;
      List<String> errors;
      try (CapturedLog log = new CapturedLog()) {
        response = failing.receive(TestRequest.signed(CREATED.body()));
        errors = log.events("ERROR", WebhookReceiver.class);
      }

      assertThat(response.status()).isEqualTo(500);
      JsonNode json = json(response);
      assertThat(json.get("error").asText()).isEqualTo("internal_error");
      assertThat(json.get("eventId").asText()).isEqualTo("20250314101502123456789");
      assertThat(response.body()).doesNotContain("hunter2").doesNotContain("Exception");
      assertThat(errors).singleElement().asString().contains("20250314101502123456789");
      assertThat(count("outcome.error")).isEqualTo(1);
    }

    @Test
    void failureBeforeTheEventIdIsKnownGives500AndOneLogLineSayingSo() throws IOException {
      // An adapter whose stream fails with an unchecked exception, not an IOException.
      TestRequest request = TestRequest.signed(CREATED.body()).body(new InputStream() {
        @Override
        public int read() {
          throw new IllegalStateException("adapter bug");
        }
      });

      WebhookResponse response;
      List<String> errors;
      try (CapturedLog log = new CapturedLog()) {
        response = receiver.receive(request);
        errors = log.events("ERROR", WebhookReceiver.class);
      }

      assertThat(response.status()).isEqualTo(500);
      assertThat(json(response).has("eventId")).isFalse();
      assertThat(errors).singleElement().asString().contains("(id unknown)");
    }

    @Test
    void queueAnsweringNullIsA500NeverA2xx() {
      WebhookReceiver failing = new WebhookReceiver(WebhookConfig.builder().secret(SECRET).build(),
          new FaultyQueue(queue).answerOffers(event -> null), metrics, CLOCK);

      WebhookResponse response;
      try (CapturedLog ignored = new CapturedLog()) {
        response = failing.receive(TestRequest.signed(CREATED.body()));
      }

      assertThat(response.status()).isEqualTo(500);
    }

    @Test
    void receiverAnswersEvenWhenItsMetricsCannotBeRecorded() {
      // A host registered a gauge under one of our counter names: every count of it throws.
      metrics.registry()
          .register("enrollmentsync.webhook.outcome.accepted", (Gauge<Long>) () -> 1L);

      WebhookResponse response;
      try (CapturedLog ignored = new CapturedLog()) {
        response = receiver.receive(TestRequest.signed(CREATED.body()));
      }

      assertThat(response.status()).isEqualTo(500);
    }
  }
}
