package io.enrollmentsync.webhook;

import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enrollmentsync.EnrollmentAction;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.SyncParseException;
import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.internal.EventCodec;
import io.enrollmentsync.internal.Texts;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.OfferResult;
import io.enrollmentsync.spi.RejectedDelivery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one raw webhook delivery into a queued event and an HTTP answer.
 *
 * <p>The steps, in order: size guard on the declared length (413); content type (415); the body
 * read up to the limit and no further (413; 503 with {@code Retry-After} when the read fails);
 * signature over the exact bytes (401); empty body (400); parse (400, the raw body quarantined);
 * topic filter (other topics 200, counted, not queued); dedupe and enqueue in one step (202 new,
 * 200 duplicate, 503 with {@code Retry-After} when the queue cannot take it). A 2xx is given only
 * for an event that is durably queued or that is deliberately not applied. Nothing escapes as an
 * exception: an unexpected error is a 500 with a generic body. {@code docs/webhook.md} lists every
 * outcome, reason and metric.
 *
 * @since 0.1.0
 */
public final class WebhookReceiver {
  /** The header that carries the signature. */
  public static final String SIGNATURE_HEADER = "X-Thinkific-Hmac-Sha256";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
  private static final int READ_CHUNK = 8192;
  private static final int MAX_ECHOED_CHARS = 60;

  private final WebhookConfig config;
  private final HmacVerifier verifier;
  private final EventQueue queue;
  private final SyncMetrics metrics;
  private final Clock clock;
  private final String retryAfterSeconds;

  /**
   * Creates a receiver.
   *
   * <p>With {@link WebhookConfig#allowUnsigned()} on, it logs a warning here, once, at start-up.
   *
   * @param config the settings; the secrets were validated when it was built
   * @param queue where accepted events go
   * @param metrics where outcomes are counted
   * @param clock the clock for receive times
   */
  public WebhookReceiver(WebhookConfig config, EventQueue queue, SyncMetrics metrics, Clock clock) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.queue = Objects.requireNonNull(queue, "queue == null");
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.verifier = HmacVerifier.of(config.secrets());
    this.retryAfterSeconds = Long.toString(config.retryAfter().toSeconds());
    if (config.allowUnsigned()) {
      LOG.warn("Webhook receiver accepts UNSIGNED deliveries (allow-unsigned is on): anyone who"
          + " can reach the endpoint can write enrollments. Such events are marked unsigned and"
          + " counted in enrollmentsync.webhook.unsigned; turn the option off once every webhook"
          + " is signed.");
    }
  }

  /**
   * Handles one delivery. Never throws.
   *
   * @param request the delivery
   * @return the answer to send
   */
  public WebhookResponse receive(WebhookRequest request) {
    long start = System.nanoTime();
    Attempt attempt = new Attempt();
    try {
      return handle(request, attempt);
    } catch (RuntimeException e) {
      return internalError(attempt.eventId, e);
    } finally {
      try {
        metrics.receiveTimer().update(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      } catch (RuntimeException e) {
        LOG.debug("Webhook receive time not recorded", e);
      }
    }
  }

  /** What is known about the delivery so far, for the one log line of an unexpected error. */
  private static final class Attempt {
    String eventId;
  }

  private WebhookResponse handle(WebhookRequest request, Attempt attempt) {
    long declared = request.contentLength();
    if (declared > config.maxBodyBytes()) {
      return reject(WebhookOutcome.TOO_LARGE, "body.too_large", "body of " + declared
          + " bytes exceeds the limit of " + config.maxBodyBytes() + " bytes", null);
    }
    String badType = unsupportedContentType(headers(request, "Content-Type"));
    if (badType != null) {
      return reject(WebhookOutcome.UNSUPPORTED_MEDIA_TYPE, "content_type", "content type '"
          + badType + "' is not accepted: send application/json in UTF-8", null);
    }

    byte[] body;
    try {
      body = readBounded(request);
    } catch (IOException e) {
      // A read that fails says nothing about the delivery, so the sender is asked to retry:
      // a 4xx could make it give the event up.
      return unreadable(e);
    }
    if (body == null) {
      return reject(WebhookOutcome.TOO_LARGE, "body.too_large",
          "body exceeds the limit of " + config.maxBodyBytes() + " bytes", null);
    }

    HmacVerifier.Result verification;
    try (Timer.Context t = metrics.verifyTimer().time()) {
      verification = verifier.verify(body, headers(request, SIGNATURE_HEADER));
    }
    boolean unsigned = verification == HmacVerifier.Result.MISSING && config.allowUnsigned();
    if (!unsigned && verification != HmacVerifier.Result.VALID) {
      return reject(WebhookOutcome.UNAUTHORIZED, verification.reason(),
          "signature verification failed (" + verification.reason() + ")", null);
    }
    if (unsigned) {
      metrics.registry().counter(SyncMetrics.name("webhook", "unsigned")).inc();
    }

    if (body.length == 0) {
      return reject(WebhookOutcome.MALFORMED, "body.empty", "body is empty", null);
    }
    return accept(body, unsigned, attempt);
  }

  private WebhookResponse accept(byte[] body, boolean unsigned, Attempt attempt) {
    Instant receivedAt = clock.instant();
    EventCodec.Envelope envelope;
    try {
      envelope = EventCodec.readEnvelope(body);
    } catch (SyncParseException e) {
      return malformed(body, receivedAt, e, null);
    }
    String eventId = envelope.eventId();
    attempt.eventId = eventId;

    EnrollmentAction action = "enrollment".equals(envelope.resource())
        ? EnrollmentAction.fromWebhookAction(envelope.action()).orElse(null)
        : null;
    if (action == null) {
      metrics.webhookIgnored(envelope.topic());
      metrics.webhookOutcome(WebhookOutcome.IGNORED.code());
      LOG.debug("Webhook event {} topic {} acknowledged, not applied", eventId, envelope.topic());
      ObjectNode json = json(WebhookOutcome.IGNORED, eventId, null, null,
          "topic " + envelope.topic() + " is not applied");
      json.put("topic", envelope.topic());
      return new WebhookResponse(WebhookOutcome.IGNORED, WebhookOutcome.IGNORED.status(),
          json.toString(), Map.of(), eventId);
    }

    EnrollmentEvent event;
    try {
      event = EventCodec.fromWebhook(envelope, action, receivedAt, unsigned);
    } catch (SyncParseException e) {
      return malformed(body, receivedAt, e, eventId);
    }
    return offer(event);
  }

  private WebhookResponse offer(EnrollmentEvent event) {
    String eventId = event.eventId();
    OfferResult result;
    try (Timer.Context t = metrics.offerTimer().time()) {
      result = queue.offer(event);
    } catch (SyncStoreUnavailableException e) {
      return unavailable(eventId, e);
    }
    if (result == null) {
      // Answering 2xx here could acknowledge an event that was never stored.
      throw new IllegalStateException("EventQueue.offer returned null for event " + eventId
          + "; an implementation must return QUEUED or DUPLICATE, or throw");
    }

    WebhookOutcome outcome =
        result == OfferResult.QUEUED ? WebhookOutcome.ACCEPTED : WebhookOutcome.DUPLICATE;
    metrics.webhookOutcome(outcome.code());
    LOG.debug("Webhook event {} {} enrollment {} -> {}", eventId, event.topic(),
        event.enrollmentId(), outcome.code());
    ObjectNode json = json(outcome, eventId, null, null, null);
    if (event.unsigned()) {
      json.put("unsigned", true);
    }
    return new WebhookResponse(outcome, outcome.status(), json.toString(), Map.of(), eventId);
  }

  private WebhookResponse unavailable(String eventId, SyncStoreUnavailableException e) {
    LOG.warn("Webhook event {} not stored, answered 503 so that the sender retries: {}",
        eventId == null ? "(id unknown)" : eventId, e.getMessage());
    return retryLater(eventId, "store_unavailable", "the delivery could not be stored; retry");
  }

  private WebhookResponse unreadable(IOException e) {
    LOG.debug("Webhook body could not be read to its end; answered 503: {}", e.toString());
    metrics.webhookRejected("body.unreadable");
    return retryLater(null, "body.unreadable",
        "the body could not be read to its end; send it again");
  }

  /** A 503 with {@code Retry-After}: nothing was stored, and the sender should try again. */
  private WebhookResponse retryLater(String eventId, String error, String message) {
    metrics.webhookOutcome(WebhookOutcome.UNAVAILABLE.code());
    ObjectNode json = json(WebhookOutcome.UNAVAILABLE, eventId, error, null,
        message + " after " + retryAfterSeconds + " s");
    return new WebhookResponse(WebhookOutcome.UNAVAILABLE, WebhookOutcome.UNAVAILABLE.status(),
        json.toString(), Map.of("Retry-After", retryAfterSeconds), eventId);
  }

  private WebhookResponse malformed(
      byte[] body, Instant receivedAt, SyncParseException e, String eventId) {
    String quarantineId = UUID.randomUUID().toString();
    try {
      queue.quarantine(new RejectedDelivery(quarantineId, receivedAt, e.getMessage(), eventId,
          body));
    } catch (SyncStoreUnavailableException storeDown) {
      // Keeping the raw body is part of the contract; without it the sender must retry.
      return unavailable(eventId, storeDown);
    }
    // The field only: the message may quote a value, and values can be personal data.
    LOG.warn("Webhook event {} is malformed (field {}); quarantined as {}",
        eventId == null ? "(id unknown)" : eventId, e.field(), quarantineId);
    metrics.webhookRejected("body.malformed");
    metrics.webhookOutcome(WebhookOutcome.MALFORMED.code());
    ObjectNode json =
        json(WebhookOutcome.MALFORMED, eventId, "body.malformed", e.field(), e.getMessage());
    return new WebhookResponse(WebhookOutcome.MALFORMED, WebhookOutcome.MALFORMED.status(),
        json.toString(), Map.of(), eventId);
  }

  private WebhookResponse reject(
      WebhookOutcome outcome, String reason, String message, String eventId) {
    metrics.webhookRejected(reason);
    metrics.webhookOutcome(outcome.code());
    LOG.debug("Webhook delivery rejected: {} ({})", reason, outcome.status());
    return new WebhookResponse(outcome, outcome.status(),
        json(outcome, eventId, reason, null, message).toString(), Map.of(), eventId);
  }

  /** The 500 path: one log line, a generic body, and nothing here may throw again. */
  private WebhookResponse internalError(String eventId, RuntimeException e) {
    LOG.error("Webhook event {} failed unexpectedly; answered 500 so that the sender retries",
        eventId == null ? "(id unknown)" : eventId, e);
    try {
      metrics.webhookOutcome(WebhookOutcome.ERROR.code());
    } catch (RuntimeException metricsFailed) {
      LOG.debug("Webhook error outcome not counted", metricsFailed);
    }
    // Built by hand so that this path has nothing left that can fail; event ids hold no quotes.
    String id = eventId == null ? "" : ",\"eventId\":\"" + eventId + "\"";
    String body = "{\"status\":\"error\"" + id + ",\"error\":\"internal_error\","
        + "\"message\":\"the delivery could not be processed; retry later\"}";
    return new WebhookResponse(
        WebhookOutcome.ERROR, WebhookOutcome.ERROR.status(), body, Map.of(), eventId);
  }

  private static ObjectNode json(
      WebhookOutcome outcome, String eventId, String error, String field, String message) {
    ObjectNode json = EventCodec.object();
    json.put("status", outcome.code());
    if (eventId != null) {
      json.put("eventId", eventId);
    }
    if (error != null) {
      json.put("error", error);
    }
    if (field != null) {
      json.put("field", field);
    }
    if (message != null) {
      json.put("message", message);
    }
    return json;
  }

  /**
   * Reads the body, but never more than one byte past the limit, so an oversized or never-ending
   * body costs at most that much. Returns null when the body is longer than the limit.
   */
  private byte[] readBounded(WebhookRequest request) throws IOException {
    long limit = config.maxBodyBytes();
    long declared = request.contentLength();
    int expected = (int) (declared >= 0 ? Math.min(declared, limit) : Math.min(READ_CHUNK, limit));
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(expected, 16));
    byte[] buffer = new byte[(int) Math.min(READ_CHUNK, limit + 1)];
    long total = 0;
    try (InputStream in = request.body()) {
      while (true) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - total));
        if (n == -1) {
          return out.toByteArray();
        }
        total += n;
        if (total > limit) {
          return null;
        }
        out.write(buffer, 0, n);
      }
    }
  }

  /**
   * Returns the first content type that is not JSON in UTF-8, made safe to echo, or null when all
   * are acceptable. A missing header is accepted: the signature still gates the body.
   */
  private static String unsupportedContentType(List<String> values) {
    for (String value : values) {
      if (value != null && !value.isBlank() && !isJsonInUtf8(value)) {
        return Texts.printable(value, MAX_ECHOED_CHARS);
      }
    }
    return null;
  }

  private static boolean isJsonInUtf8(String contentType) {
    String[] parts = contentType.split(";", -1);
    String mime = parts[0].trim().toLowerCase(Locale.ROOT);
    boolean json = mime.equals("application/json")
        || (mime.startsWith("application/") && mime.endsWith("+json"));
    if (!json) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].split("=", 2);
      if (param.length == 2 && param[0].trim().equalsIgnoreCase("charset")) {
        String charset = param[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
        // JSON is UTF-8 (RFC 8259); ASCII is a subset. Anything else would be decoded wrongly.
        if (!charset.equals("utf-8") && !charset.equals("utf8") && !charset.equals("us-ascii")) {
          return false;
        }
      }
    }
    return true;
  }


  /** An adapter may hand back null for an absent header; treat it as absent. */
  private static List<String> headers(WebhookRequest request, String name) {
    List<String> values = request.headers(name);
    return values == null ? List.of() : values;
  }
}
