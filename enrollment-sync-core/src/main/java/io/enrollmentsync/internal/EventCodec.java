package io.enrollmentsync.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enrollmentsync.EnrollmentAction;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import io.enrollmentsync.EventSource;
import io.enrollmentsync.SyncParseException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the two shapes Thinkific sends (a webhook envelope and an Admin API item) into one event
 * type, and writes events to and from the queue's own compact JSON.
 */
public final class EventCodec {
  /** Shared, configured once; {@link ObjectMapper} is thread-safe after configuration. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .registerModule(new JavaTimeModule())
          // Registered after JavaTimeModule, so it takes precedence for Instant.
          .registerModule(new SimpleModule("enrollment-sync-instants")
              .addDeserializer(Instant.class, new InstantReader()))
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** What a webhook event id may hold; Thinkific's are about 23 digits. */
  private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Pattern TOPIC_PART = Pattern.compile("[a-z0-9._-]{1,64}");
  /** Longer numeric strings are no percentage, and parsing them costs time quadratic in length. */
  private static final int MAX_NUMBER_TEXT = 32;
  private static final BigDecimal ONE = BigDecimal.ONE;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  /**
   * The dates and times accepted: what every supported database can store (MariaDB's DATETIME is
   * the narrowest), and far enough from the ends of {@link Instant} that lags and durations
   * computed from them cannot overflow.
   */
  private static final int EARLIEST_YEAR = 1000;
  private static final int LATEST_YEAR = 9999;
  private static final Instant EARLIEST =
      LocalDate.of(EARLIEST_YEAR, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
  private static final Instant AFTER_LATEST =
      LocalDate.of(LATEST_YEAR + 1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
  private static final String OUT_OF_RANGE =
      "outside the accepted range of years " + EARLIEST_YEAR + " to " + LATEST_YEAR;

  private EventCodec() {}

  /** The envelope fields a caller may need before the payload is read. */
  public record Envelope(String eventId, String resource, String action, JsonNode root) {
    /** Returns {@code resource.action}. */
    public String topic() {
      return resource + "." + action;
    }
  }

  /**
   * Reads the envelope of a webhook body: id, resource and action.
   *
   * @param body the raw body
   * @return the envelope
   * @throws SyncParseException naming the field when the body is not a valid envelope
   */
  public static Envelope readEnvelope(byte[] body) {
    String notUtf8 = notUtf8(body);
    if (notUtf8 != null) {
      throw new SyncParseException("body", notUtf8);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new SyncParseException("body", "not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new SyncParseException("body", "unreadable", e);
    } catch (NumberFormatException e) {
      // Jackson throws this one unwrapped, for an exponent such as 1e999999999025.
      throw new SyncParseException("body", "not valid JSON (a number is out of range)", e);
    } catch (RuntimeException e) {
      throw new SyncParseException("body", "not valid JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new SyncParseException("body", "expected a JSON object");
    }
    String id = requiredId(root, "id");
    if (!EVENT_ID.matcher(id).matches()) {
      // The id becomes a Redis key and appears in logs: bound it and keep it to safe characters.
      throw new SyncParseException("id", "expected 1 to 64 letters, digits, '.', '_', ':' or '-'");
    }
    String resource = topicPart(root, "resource");
    String action = topicPart(root, "action");
    return new Envelope(id, resource, action, root);
  }

  /**
   * Catches what Jackson would otherwise read by guessing another encoding: UTF-16 and UTF-32
   * (a byte-order mark, or the zero bytes of ASCII text in them). A zero byte can never appear in
   * JSON in UTF-8, whose text must escape it. Other invalid UTF-8 is left to the parser.
   *
   * @return what is wrong, or null
   */
  private static String notUtf8(byte[] body) {
    if (body.length >= 2 && ((body[0] & 0xff) == 0xfe || (body[0] & 0xff) == 0xff)) {
      return "not UTF-8 (a UTF-16 or UTF-32 byte-order mark): send JSON in UTF-8";
    }
    for (byte b : body) {
      if (b == 0) {
        return "not UTF-8 (zero bytes, as in UTF-16 or UTF-32): send JSON in UTF-8";
      }
    }
    return null;
  }

  /** Reads {@code resource} or {@code action}: they name metrics and appear in logs. */
  private static String topicPart(JsonNode root, String name) {
    String value = requiredText(root, name).trim().toLowerCase(Locale.ROOT);
    if (!TOPIC_PART.matcher(value).matches()) {
      throw new SyncParseException(name, "expected 1 to 64 letters, digits, '.', '_' or '-'");
    }
    return value;
  }

  /**
   * Reads an enrollment event from a webhook envelope whose resource is {@code enrollment}.
   *
   * @param envelope the envelope read by {@link #readEnvelope}
   * @param action the action, already known to carry a snapshot
   * @param receivedAt when the delivery arrived
   * @param unsigned whether it arrived unsigned under the allow-unsigned option
   * @return the event
   * @throws SyncParseException naming the field when a required field is missing or invalid
   */
  public static EnrollmentEvent fromWebhook(
      Envelope envelope, EnrollmentAction action, Instant receivedAt, boolean unsigned) {
    JsonNode root = envelope.root();
    Instant occurredAt = requiredInstant(root, "created_at", "created_at");
    String tenantId = optionalId(root, "tenant_id", "tenant_id");
    JsonNode payload = root.get("payload");
    if (payload == null || !payload.isObject()) {
      throw new SyncParseException("payload", payload == null ? "missing" : "expected an object");
    }
    EnrollmentSnapshot snapshot = webhookSnapshot(payload, action);
    return new EnrollmentEvent(
        envelope.eventId(), EventSource.WEBHOOK, envelope.topic(), action, tenantId, occurredAt,
        receivedAt, unsigned, snapshot);
  }

  private static EnrollmentSnapshot webhookSnapshot(JsonNode p, EnrollmentAction action) {
    String at = "payload.";
    long id = requiredLong(p, "id", at + "id");
    JsonNode user = p.get("user");
    JsonNode course = p.get("course");
    Long courseId = optionalLong(p, "course_id", at + "course_id");
    if (courseId == null && course != null && course.isObject()) {
      courseId = optionalLong(course, "id", at + "course.id");
    }
    JsonNode percentage = p.get("percentage_completed");
    double fraction = percentage(percentage, at + "percentage_completed");
    // The admin "test" button sends completed_at at 0%: completion comes from the topic or 100%.
    boolean completed = action == EnrollmentAction.COMPLETED || fraction >= 1.0;
    if (action == EnrollmentAction.COMPLETED) {
      fraction = 1.0;
    }
    EnrollmentSnapshot snapshot = new EnrollmentSnapshot(
        id,
        user != null && user.isObject() ? optionalLong(user, "id", at + "user.id") : null,
        user != null && user.isObject() ? optionalText(user, "email") : null,
        user != null && user.isObject() ? fullName(user) : null,
        courseId,
        course != null && course.isObject() ? optionalText(course, "name") : null,
        fraction,
        completed,
        null,
        optionalBoolean(p, "free_trial", at + "free_trial"),
        optionalInstant(p, "activated_at", at + "activated_at"),
        optionalInstant(p, "started_at", at + "started_at"),
        optionalInstant(p, "completed_at", at + "completed_at"),
        optionalInstant(p, "expiry_date", at + "expiry_date"),
        optionalInstant(p, "created_at", at + "created_at"),
        requiredInstant(p, "updated_at", at + "updated_at"),
        optionalText(p, "credential_id"),
        optionalText(p, "certificate_url"),
        optionalDate(p, "certificate_expiry_date", at + "certificate_expiry_date"));
    if (action == EnrollmentAction.PROGRESS && (percentage == null || percentage.isNull())) {
      // Checked after the other fields, so it does not hide their errors. Read as 0, it would be
      // a newer snapshot that resets the learner's progress.
      throw new SyncParseException(at + "percentage_completed",
          percentage == null ? "missing; a progress event must carry it"
              : "null; a progress event must carry a number");
    }
    return snapshot;
  }

  /**
   * Reads an enrollment event from one item of {@code GET /enrollments}.
   *
   * @param item the item
   * @param receivedAt when the poller read it
   * @return an event with source {@link EventSource#POLL}
   * @throws SyncParseException naming the field when a required field is missing or invalid
   */
  public static EnrollmentEvent fromApiItem(JsonNode item, Instant receivedAt) {
    if (item == null || !item.isObject()) {
      throw new SyncParseException("item", "expected a JSON object");
    }
    long id = requiredLong(item, "id", "id");
    double fraction = percentage(item.get("percentage_completed"), "percentage_completed");
    Boolean completedFlag = optionalBoolean(item, "completed", "completed");
    boolean completed = Boolean.TRUE.equals(completedFlag) || fraction >= 1.0;
    Instant updatedAt = requiredInstant(item, "updated_at", "updated_at");
    EnrollmentSnapshot snapshot =
        new EnrollmentSnapshot(
            id,
            optionalLong(item, "user_id", "user_id"),
            optionalText(item, "user_email"),
            optionalText(item, "user_name"),
            optionalLong(item, "course_id", "course_id"),
            optionalText(item, "course_name"),
            Boolean.TRUE.equals(completedFlag) ? 1.0 : fraction,
            completed,
            optionalBoolean(item, "expired", "expired"),
            optionalBoolean(item, "is_free_trial", "is_free_trial"),
            optionalInstant(item, "activated_at", "activated_at"),
            optionalInstant(item, "started_at", "started_at"),
            optionalInstant(item, "completed_at", "completed_at"),
            optionalInstant(item, "expiry_date", "expiry_date"),
            optionalInstant(item, "created_at", "created_at"),
            updatedAt,
            null,
            null,
            null);
    return new EnrollmentEvent(
        EnrollmentEvent.pollEventId(id, updatedAt), EventSource.POLL, "enrollment.synced",
        EnrollmentAction.SYNCED, null, updatedAt, receivedAt, false, snapshot);
  }

  /**
   * Applies the scale rule: a fraction from 0 to 1; above 1 and at most 100 is a percentage.
   *
   * @param node a JSON string or number
   * @param field the field name for errors
   * @return the fraction
   */
  static double percentage(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return 0.0;
    }
    BigDecimal value;
    if (node.isNumber()) {
      value = node.decimalValue();
    } else if (node.isTextual()) {
      String text = node.asText().trim();
      if (text.length() > MAX_NUMBER_TEXT) {
        throw new SyncParseException(field, "not a number: '" + Texts.abbreviate(text) + "'");
      }
      try {
        value = new BigDecimal(text);
      } catch (NumberFormatException e) {
        throw new SyncParseException(field, "not a number: '" + Texts.abbreviate(text) + "'");
      }
    } else {
      throw new SyncParseException(field, "expected a number or a numeric string");
    }
    if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
      // toString, not toPlainString: 1e999999999 would expand to a billion digits.
      throw new SyncParseException(
          field, "out of range 0..100: " + Texts.abbreviate(value.toString()));
    }
    if (value.compareTo(ONE) > 0) {
      value = value.divide(HUNDRED);
    }
    return value.doubleValue();
  }

  // ---- the queue's own format -------------------------------------------------------------

  /**
   * Writes an event as compact JSON for a queue entry.
   *
   * @param event the event
   * @return UTF-8 JSON
   */
  public static byte[] encode(EnrollmentEvent event) {
    try {
      return MAPPER.writeValueAsBytes(QueueJson.of(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode event " + event.eventId(), e);
    }
  }

  /**
   * Reads an event written by {@link #encode}.
   *
   * @param json UTF-8 JSON
   * @return the event
   * @throws SyncParseException when the bytes are not an encoded event
   */
  public static EnrollmentEvent decode(byte[] json) {
    try {
      return MAPPER.readValue(json, QueueJson.class).toEvent();
    } catch (IOException | RuntimeException e) {
      throw new SyncParseException(
          "queue entry", "not an encoded event (" + e.getMessage() + ")", e);
    }
  }

  /** The stored shape; field names are short because every queued event carries them. */
  record QueueJson(
      String id, String src, String topic, String act, String tenant, Instant at, Instant recv,
      boolean unsigned, EnrollmentSnapshot s) {
    static QueueJson of(EnrollmentEvent e) {
      return new QueueJson(
          e.eventId(), e.source().name(), e.topic(), e.action().name(), e.tenantId(),
          e.occurredAt(), e.receivedAt(), e.unsigned(), e.snapshot());
    }

    EnrollmentEvent toEvent() {
      return new EnrollmentEvent(
          id, EventSource.valueOf(src), topic, EnrollmentAction.valueOf(act), tenant, at, recv,
          unsigned, s);
    }
  }

  /**
   * Reads the queue's {@code ...Z} timestamps with {@link IsoInstant}; anything else goes to
   * Jackson's own {@link InstantDeserializer}, so what is accepted and how does not change.
   */
  static final class InstantReader extends StdScalarDeserializer<Instant> {
    private static final long serialVersionUID = 1L;

    InstantReader() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        Instant common = IsoInstant.parseOrNull(p.getText().trim(), false);
        if (common != null) {
          return common;
        }
      }
      return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }
  }

  // ---- field readers ----------------------------------------------------------------------

  private static String requiredId(JsonNode node, String name) {
    String id = optionalId(node, name, name);
    if (id == null) {
      throw new SyncParseException(name, "missing");
    }
    return id;
  }

  private static String optionalId(JsonNode node, String name, String field) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isTextual() && !value.asText().isBlank()) {
      return value.asText().trim();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    throw new SyncParseException(field, "expected a string or integer id");
  }

  private static String requiredText(JsonNode node, String name) {
    String text = optionalText(node, name);
    if (text == null || text.isBlank()) {
      throw new SyncParseException(name, "missing");
    }
    return text;
  }

  private static String optionalText(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.getNodeType() == JsonNodeType.STRING) {
      return value.asText();
    }
    if (value.isValueNode()) {
      return value.asText();
    }
    throw new SyncParseException(name, "expected a string");
  }

  private static long requiredLong(JsonNode node, String name, String field) {
    Long value = optionalLong(node, name, field);
    if (value == null) {
      throw new SyncParseException(field, "missing");
    }
    return value;
  }

  private static Long optionalLong(JsonNode node, String name, String field) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    long parsed;
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      parsed = value.longValue();
    } else if (value.isTextual()) {
      try {
        parsed = Long.parseLong(value.asText().trim());
      } catch (NumberFormatException e) {
        throw new SyncParseException(
            field, "not an integer id: '" + Texts.abbreviate(value.asText()) + "'");
      }
    } else {
      throw new SyncParseException(field, "expected an integer id");
    }
    if (parsed <= 0) {
      throw new SyncParseException(field, "must be positive, but was " + parsed);
    }
    return parsed;
  }

  private static Boolean optionalBoolean(JsonNode node, String name, String field) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      String text = value.asText().trim().toLowerCase(Locale.ROOT);
      if (text.equals("true") || text.equals("false")) {
        return Boolean.valueOf(text);
      }
    }
    throw new SyncParseException(field, "expected true or false");
  }

  private static Instant requiredInstant(JsonNode node, String name, String field) {
    Instant value = optionalInstant(node, name, field);
    if (value == null) {
      throw new SyncParseException(field, "missing");
    }
    return value;
  }

  private static Instant optionalInstant(JsonNode node, String name, String field) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new SyncParseException(field, "expected an ISO-8601 date-time string");
    }
    String text = value.asText().trim();
    if (text.isEmpty()) {
      return null;
    }
    Instant parsed = IsoInstant.parseOrNull(text, true);
    if (parsed == null) {
      try {
        parsed = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        try {
          // A date alone means the start of that day in UTC.
          parsed = LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
          throw new SyncParseException(field,
              "not an ISO-8601 date-time: '" + Texts.abbreviate(text) + "'");
        }
      }
    }
    if (parsed.isBefore(EARLIEST) || !parsed.isBefore(AFTER_LATEST)) {
      throw new SyncParseException(field, OUT_OF_RANGE + ": '" + Texts.abbreviate(text) + "'");
    }
    return parsed;
  }

  private static LocalDate optionalDate(JsonNode node, String name, String field) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new SyncParseException(field, "expected an ISO-8601 date string");
    }
    String text = value.asText().trim();
    if (text.isEmpty()) {
      return null;
    }
    LocalDate parsed;
    try {
      parsed = LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      try {
        parsed = OffsetDateTime.parse(text).toLocalDate();
      } catch (DateTimeParseException ignored) {
        throw new SyncParseException(
            field, "not an ISO-8601 date: '" + Texts.abbreviate(text) + "'");
      }
    }
    if (parsed.getYear() < EARLIEST_YEAR || parsed.getYear() > LATEST_YEAR) {
      throw new SyncParseException(field, OUT_OF_RANGE + ": '" + Texts.abbreviate(text) + "'");
    }
    return parsed;
  }

  private static String fullName(JsonNode user) {
    String first = optionalText(user, "first_name");
    String last = optionalText(user, "last_name");
    if (first == null && last == null) {
      return null;
    }
    if (first == null || last == null) {
      return first == null ? last : first;
    }
    return first + " " + last;
  }


  /**
   * Creates an empty JSON object, for small response bodies.
   *
   * @return a new object node
   */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }
}
