package io.enrollmentsync.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrollmentsync.internal.EventCodec;
import io.enrollmentsync.memory.InMemoryEventQueue;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.testing.SampleDeliveries.Delivery;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the receiver over generated input: random bytes, random headers, and sample
 * deliveries mutated by bit flips, truncation, insertion, deletion and duplication. With a working
 * queue the receiver never throws, never answers 5xx, and never answers 2xx to a body whose
 * signature does not match (unless it carries no signature and allow-unsigned is on).
 *
 * <p>Each property runs {@value #DEFAULT_TRIES} cases from seeds {@code base + i}, so every run
 * checks the same cases and a failure names the seed that broke it. To replay one case, run with
 * {@code -Dwebhook.property.seed=<seed> -Dwebhook.property.tries=1}; to explore new cases, pass
 * another base seed. Generation is plain {@link Random}, so there is no shrinking: the failure
 * message prints the input instead.
 */
class WebhookReceiverPropertyTest {
  private static final int DEFAULT_TRIES = 300;
  private static final long DEFAULT_SEED = 20250318L;
  private static final int LIMIT = 4096;
  private static final String SECRET = SampleDeliveries.SECRET;
  private static final List<Delivery> SAMPLES = SampleDeliveries.all();
  private static final List<byte[]> SAMPLE_BODIES =
      SAMPLES.stream().map(Delivery::body).toList();

  private static final String[] CONTENT_TYPES = {
    "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain",
    "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "  ", ";",
    "application/json;charset=latin1", "application/problem+json", "*/*", "application/",
    "application/json; charset=", "application/json;;;", "\u00e9/\u00e9", "application/json\r\n"
  };
  private static final String[] INSERTIONS = {
    "{", "}", "[", "]", "\"", ",", ":", "\\", "\\u", "\\uD800", "\u0000", "null", "true", "-",
    "1e999999999", "99999999999999999999999", "\"id\":", "\"payload\":", "\u00e9", "\uD83D\uDE00",
    " ", "\r\n", "\"resource\":\"enrollment\"", "\"action\":\"completed\"", "{\"id\":\"1\"}"
  };

  private final long baseSeed = Long.getLong("webhook.property.seed", DEFAULT_SEED);
  private final int tries = Integer.getInteger("webhook.property.tries", DEFAULT_TRIES);

  /** One generated delivery and the facts the properties are checked against. */
  private record Case(TestRequest request, byte[] body, List<String> signatures, String input) {}

  @Test
  void randomBytesWithRandomHeadersAreNeverAcceptedUnlessSignedAndNeverAnswer5xx() {
    Map<WebhookOutcome, Integer> seen = forAll("random bytes and headers", random -> {
      byte[] body = randomBytes(random);
      return randomHeaders(random, body, TestRequest.unsigned(body));
    }, false);

    assertThat(seen).containsKeys(WebhookOutcome.UNAUTHORIZED, WebhookOutcome.MALFORMED,
        WebhookOutcome.TOO_LARGE, WebhookOutcome.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void randomBytesWithoutASignatureUnderAllowUnsignedNeverAnswer5xx() {
    Map<WebhookOutcome, Integer> seen = forAll("random bytes, allow-unsigned", random -> {
      byte[] body = randomBytes(random);
      return randomHeaders(random, body, TestRequest.unsigned(body));
    }, true);

    assertThat(seen).containsKeys(WebhookOutcome.UNAUTHORIZED, WebhookOutcome.MALFORMED);
  }

  @Test
  void mutatedSampleDeliveriesUnderTheirOriginalSignatureAreNeverAccepted() {
    Map<WebhookOutcome, Integer> seen = forAll("mutated samples, original signature", random -> {
      int sample = random.nextInt(SAMPLES.size());
      Delivery d = SAMPLES.get(sample);
      byte[] body = mutate(random, SAMPLE_BODIES.get(sample));
      TestRequest request = TestRequest.unsigned(body).signature(d.signature());
      return new Case(request, body, List.of(d.signature()), d.file() + " mutated");
    }, false);

    assertThat(seen).containsKey(WebhookOutcome.UNAUTHORIZED);
  }

  @Test
  void mutatedSampleDeliveriesSignedAfreshNeverAnswer5xx() {
    Map<WebhookOutcome, Integer> seen = forAll("mutated samples, signed afresh", random -> {
      int sample = random.nextInt(SAMPLES.size());
      Delivery d = SAMPLES.get(sample);
      byte[] body = mutate(random, SAMPLE_BODIES.get(sample));
      String signature = HmacVerifier.sign(SECRET, body);
      TestRequest request = TestRequest.unsigned(body).signature(signature);
      return new Case(request, body, List.of(signature), d.file() + " mutated, re-signed");
    }, false);

    assertThat(seen).containsKeys(
        WebhookOutcome.MALFORMED, WebhookOutcome.ACCEPTED, WebhookOutcome.IGNORED);
  }

  @Test
  void randomEnvelopesSignedAfreshNeverAnswer5xx() {
    Map<WebhookOutcome, Integer> seen = forAll("random envelopes, signed", random -> {
      byte[] body = randomEnvelope(random).getBytes(StandardCharsets.UTF_8);
      String signature = HmacVerifier.sign(SECRET, body);
      TestRequest request = TestRequest.unsigned(body).signature(signature);
      return new Case(request, body, List.of(signature), "random envelope");
    }, false);

    assertThat(seen).containsKeys(
        WebhookOutcome.MALFORMED, WebhookOutcome.ACCEPTED, WebhookOutcome.IGNORED);
  }

  // ---- the properties ---------------------------------------------------------------------

  private interface Generator {
    Case generate(Random random);
  }

  /** Checks every case and returns how often each outcome came, to show the cases reach it. */
  private Map<WebhookOutcome, Integer> forAll(
      String name, Generator generator, boolean allowUnsigned) {
    InMemoryEventQueue queue = new InMemoryEventQueue();
    WebhookReceiver receiver = new WebhookReceiver(
        WebhookConfig.builder().secret(SECRET).allowUnsigned(allowUnsigned).maxBodyBytes(LIMIT)
            .build(),
        queue, new SyncMetrics(), Clock.systemUTC());
    Map<WebhookOutcome, Integer> outcomes = new EnumMap<>(WebhookOutcome.class);
    try (CapturedLog log = new CapturedLog()) {
      for (int i = 0; i < tries; i++) {
        long seed = baseSeed + i;
        Case c = generator.generate(new Random(seed));
        log.reset();
        try {
          outcomes.merge(check(name, seed, c, receiver, allowUnsigned), 1, Integer::sum);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "\nlog of this case:\n" + log.text(), e);
        }
      }
    }
    assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(tries);
    return outcomes;
  }

  private static WebhookOutcome check(
      String name, long seed, Case c, WebhookReceiver receiver, boolean allowUnsigned) {
    WebhookResponse response;
    try {
      response = receiver.receive(c.request());
    } catch (Throwable t) {
      throw new AssertionError(describe(name, seed, c, "threw " + t), t);
    }
    int status = response.status();
    if (status >= 500) {
      fail(describe(name, seed, c, "answered " + status + " " + response.body()));
    }
    if (status < 300 && !signatureMatches(c, allowUnsigned)) {
      fail(describe(name, seed, c, "accepted a body whose signature does not match: " + status));
    }
    try {
      JsonNode json = EventCodec.MAPPER.readTree(response.body());
      if (!json.path("status").asText().equals(response.outcome().code())) {
        fail(describe(name, seed, c, "answer body without its status: " + response.body()));
      }
    } catch (java.io.IOException e) {
      fail(describe(name, seed, c, "answer body is not JSON: " + response.body()));
    }
    return response.outcome();
  }

  /** The oracle, written independently of {@link HmacVerifier#verify}. */
  private static boolean signatureMatches(Case c, boolean allowUnsigned) {
    if (c.signatures().isEmpty()) {
      return allowUnsigned;
    }
    if (c.signatures().size() != 1 || c.signatures().get(0) == null) {
      return false;
    }
    String expected = HmacVerifier.sign(SECRET, c.body());
    return c.signatures().get(0).trim().toLowerCase(Locale.ROOT).equals(expected);
  }

  private static String describe(String name, long seed, Case c, String problem) {
    String shown = new String(c.body(), 0, Math.min(c.body().length, 400), StandardCharsets.UTF_8);
    return name + " (seed " + seed + "): " + problem + "; input " + c.input() + ", "
        + c.body().length + " bytes: " + shown + ", signature headers " + c.signatures();
  }

  // ---- generators -------------------------------------------------------------------------

  private static byte[] randomBytes(Random random) {
    int kind = random.nextInt(10);
    int length = kind < 6 ? random.nextInt(64) : kind < 9 ? random.nextInt(LIMIT) : LIMIT
        + random.nextInt(2000);
    byte[] body = new byte[length];
    if (random.nextBoolean()) {
      random.nextBytes(body);
    } else {
      for (int i = 0; i < length; i++) {
        body[i] = (byte) " {}[]\":,0123456789abcdefnulltrue\\".charAt(random.nextInt(33));
      }
    }
    return body;
  }

  private static Case randomHeaders(Random random, byte[] body, TestRequest request) {
    String correct = HmacVerifier.sign(SECRET, body);
    List<String> signatures = new ArrayList<>();
    int count = random.nextInt(10) < 2 ? 0 : random.nextInt(10) < 8 ? 1 : 2 + random.nextInt(2);
    for (int i = 0; i < count; i++) {
      signatures.add(randomSignature(random, correct));
    }
    String headerName = random.nextBoolean()
        ? WebhookReceiver.SIGNATURE_HEADER
        : WebhookReceiver.SIGNATURE_HEADER.toLowerCase(Locale.ROOT);
    request.header(headerName, signatures.toArray(new String[0]));
    if (random.nextInt(4) == 0) {
      request.header("Content-Type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
    } else if (random.nextInt(8) == 0) {
      request.header("content-type");
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      request.header(randomText(random, 1 + random.nextInt(20)), randomText(random, 40));
    }
    switch (random.nextInt(6)) {
      case 0 -> request.contentLength(-1);
      case 1 -> request.contentLength(random.nextInt(body.length + 1));
      case 2 -> request.contentLength(body.length + random.nextInt(LIMIT * 2));
      default -> request.contentLength(body.length);
    }
    return new Case(request, body, signatures, "random");
  }

  private static String randomSignature(Random random, String correct) {
    byte[] mac = HexFormat.of().parseHex(correct);
    return switch (random.nextInt(10)) {
      case 0 -> correct;
      case 1 -> " " + correct.toUpperCase(Locale.ROOT) + "\t";
      case 2 -> randomHex(random, 64);
      case 3 -> randomHex(random, random.nextInt(130));
      case 4 -> Base64.getEncoder().encodeToString(mac);
      case 5 -> correct.substring(0, 31) + " " + correct.substring(32);
      case 6 -> randomText(random, random.nextInt(80));
      case 7 -> "sha256=" + correct;
      case 8 -> "";
      default -> HmacVerifier.sign("another-key", mac);
    };
  }

  private static String randomHex(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append("0123456789abcdefABCDEF".charAt(random.nextInt(22)));
    }
    return out.toString();
  }

  private static String randomText(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      out.append((char) (kind < 7 ? 0x20 + random.nextInt(0x5f)
          : kind < 9 ? random.nextInt(0x20) : random.nextInt(0xFFFF)));
    }
    return out.toString();
  }

  private static byte[] mutate(Random random, byte[] original) {
    byte[] body = original.clone();
    for (int round = 1 + random.nextInt(3); round > 0; round--) {
      body = switch (random.nextInt(6)) {
        case 0 -> flipBits(random, body);
        case 1 -> Arrays.copyOf(body, body.length == 0 ? 0 : random.nextInt(body.length));
        case 2 -> insert(random, body);
        case 3 -> delete(random, body);
        case 4 -> duplicate(random, body);
        default -> replaceToken(random, body);
      };
    }
    return body;
  }

  private static byte[] flipBits(Random random, byte[] body) {
    if (body.length == 0) {
      return body;
    }
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      body[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return body;
  }

  private static byte[] insert(Random random, byte[] body) {
    int at = random.nextInt(body.length + 1);
    byte[] piece = random.nextInt(3) == 0
        ? randomBytes(random)
        : INSERTIONS[random.nextInt(INSERTIONS.length)].getBytes(StandardCharsets.UTF_8);
    return splice(body, at, at, piece);
  }

  private static byte[] delete(Random random, byte[] body) {
    if (body.length == 0) {
      return body;
    }
    int from = random.nextInt(body.length);
    return splice(body, from, Math.min(body.length, from + 1 + random.nextInt(40)), new byte[0]);
  }

  private static byte[] duplicate(Random random, byte[] body) {
    if (body.length == 0) {
      return body;
    }
    int from = random.nextInt(body.length);
    int to = Math.min(body.length, from + 1 + random.nextInt(200));
    return splice(body, to, to, Arrays.copyOfRange(body, from, to));
  }

  /** Replaces one JSON value-ish run of characters with a hostile token. */
  private static byte[] replaceToken(Random random, byte[] body) {
    if (body.length == 0) {
      return body;
    }
    int from = random.nextInt(body.length);
    int to = Math.min(body.length, from + 1 + random.nextInt(12));
    byte[] token = INSERTIONS[random.nextInt(INSERTIONS.length)].getBytes(StandardCharsets.UTF_8);
    return splice(body, from, to, token);
  }

  private static byte[] splice(byte[] body, int from, int to, byte[] piece) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + piece.length);
    out.write(body, 0, from);
    out.write(piece, 0, piece.length);
    out.write(body, to, body.length - to);
    return out.toByteArray();
  }

  /**
   * A JSON envelope whose fields are each absent, valid, or hostile. Valid values come most of the
   * time, so that about one case in ten is a delivery the receiver accepts.
   */
  private static String randomEnvelope(Random random) {
    List<String> fields = new ArrayList<>();
    field(random, fields, "id", valid(random, new String[] {"\"20250318074411220000444\"",
        "12345", "\"" + randomHex(random, 1 + random.nextInt(40)) + "\""},
        "\"" + randomHex(random, 65) + "\"", "\"a\\nb\"", "\"\"", "\" \"", "1.5", "-1", "{}"));
    field(random, fields, "resource", valid(random, new String[] {"\"enrollment\"",
        "\"ENROLLMENT\"", "\"order\""}, "\"\"", "\"en\\u0000r\"", "\"" + "x".repeat(100) + "\"",
        "[]"));
    field(random, fields, "action", valid(random, new String[] {"\"created\"", "\"progress\"",
        "\"completed\"", "\"trial\"", "\"revoked\""}, "\"Pro gress\"", "\"\\uD800\"", "7"));
    field(random, fields, "tenant_id", valid(random, new String[] {"\"48213\"", "48213"},
        "\"x\"", "-1", "[]"));
    field(random, fields, "created_at", date(random));
    field(random, fields, "payload", valid(random, new String[] {randomPayload(random)},
        "[]", "\"{}\"", "1", "{\"id\":{}}"));
    java.util.Collections.shuffle(fields, random);
    return "{" + String.join(",", fields) + "}";
  }

  private static String randomPayload(Random random) {
    List<String> fields = new ArrayList<>();
    field(random, fields, "id", valid(random, new String[] {"880101", "\"880101\""}, "0", "-5",
        "99999999999999999999999", "1e999999999", "1.5", "\"x\"", "true"));
    field(random, fields, "percentage_completed", valid(random, new String[] {"\"0.25\"", "0.5",
        "\"24.0\"", "100", "\"-0\"", "1e-999999999", "null"}, "100.0000001", "1e999999999",
        "-1e999999999", "\"1e-999999999\"", "\"NaN\"", "\"Infinity\"", "\"0x10\"",
        "\"" + "9".repeat(40) + "\"", "[]", "{}"));
    field(random, fields, "updated_at", date(random));
    field(random, fields, "completed_at", date(random));
    field(random, fields, "expiry_date", date(random));
    field(random, fields, "certificate_expiry_date", date(random));
    field(random, fields, "free_trial", valid(random, new String[] {"true", "\"false\""},
        "\"yes\"", "0"));
    field(random, fields, "course_id", valid(random, new String[] {"5021", "\"5021\""}, "-1",
        "{}"));
    field(random, fields, "course", valid(random,
        new String[] {"{\"id\":5021,\"name\":\"Sourdough \\u00e9\\uD83D\\uDE00\"}"},
        "{\"id\":\"x\"}", "[]", "\"course\""));
    field(random, fields, "user", valid(random,
        new String[] {"{\"id\":310001,\"first_name\":\"Ada\",\"last_name\":\"Lovelace\"}",
            "null"},
        "{\"id\":\"ada@example.com\"}", "{\"first_name\":[],\"last_name\":{}}", "[]"));
    return "{" + String.join(",", fields) + "}";
  }

  private static String date(Random random) {
    return valid(random, new String[] {"\"2025-03-18T07:44:11.190Z\"", "\"2025-03-18\"",
        "\"2025-03-18T07:44:11+02:00\""}, "null", "\"\"", "\"+999999999-12-31T23:59:59Z\"",
        "\"-999999999-01-01\"", "\"2025-02-30T00:00:00Z\"", "\"2025-03-18T07:44:11\"",
        "\"yesterday\"", "1742283851", "{}");
  }

  /** A valid value four times in five, otherwise a hostile one. */
  private static String valid(Random random, String[] valid, String... hostile) {
    return random.nextInt(5) < 4 ? pick(random, valid) : pick(random, hostile);
  }

  private static void field(Random random, List<String> fields, String name, String value) {
    if (random.nextInt(30) != 0) {
      fields.add("\"" + name + "\":" + value);
    }
  }

  private static String pick(Random random, String... options) {
    return options[random.nextInt(options.length)];
  }
}
