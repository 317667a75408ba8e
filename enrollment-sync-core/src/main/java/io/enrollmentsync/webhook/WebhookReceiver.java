package io.enrollmentsync.webhook;

import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enrollmentsync.EnrollmentAction;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.SyncParseException;
import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.internal.EventCodec;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one raw webhook delivery into a queued event and an HTTP answer.
 *
 * <p>The steps, in order: size and content-type guard (413, 415); signature over the exact bytes
 * (401); parse (400, the raw body quarantined); topic filter (other topics 200, counted, not
 * queued); dedupe and enqueue in one step (202 new, 200 duplicate, 503 with {@code Retry-After}
 * when the queue cannot take it). A 2xx is given only for an event that is durably queued or that
 * is deliberately not applied. Nothing escapes as an exception: an unexpected error is a 500 with a
 * generic body.
 *
 * @since 0.1.0
 */
public final class WebhookReceiver {
  /** The header that carries the signature. */
  public static final String SIGNATURE_HEADER = "X-Thinkific-Hmac-Sha256";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
  private static final int READ_CHUNK = 8192;

  private final WebhookConfig config;
  private final HmacVerifier verifier;
  private final EventQueue queue;
  private final SyncMetrics metrics;
  private final Clock clock;
  private final String retryAfterSeconds;

  /**
   * Creates a receiver.
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
          + " can reach the endpoint can write enrollments. Turn it off once every webhook is"
          + " signed.");
    }
  }

  /**
   * Handles one delivery. Never throws.
   *
   * @param request the delivery
   * @return the answer to send
   */
  public WebhookResponse receive(WebhookRequest request) {
    try (Timer.Context ignored = metrics.receiveTimer().time()) {
      long declared = request.contentLength();
      if (declared > config.maxBodyBytes()) {
        return reject(WebhookOutcome.TOO_LARGE, "body.too_large",
            "body of " + declared + " bytes exceeds the limit of " + config.maxBodyBytes(), null);
      }
      if (!isJson(first(request.headers("Content-Type")))) {
        return reject(WebhookOutcome.UNSUPPORTED_MEDIA_TYPE, "content_type",
            "content type must be application/json", null);
      }

      byte[] body;
      try {
        body = readBounded(request);
      } catch (IOException e) {
        return reject(WebhookOutcome.MALFORMED, "body.unreadable",
            "the body could not be read to its end", null);
      }
      if (body == null) {
        return reject(WebhookOutcome.TOO_LARGE, "body.too_large",
            "body exceeds the limit of " + config.maxBodyBytes() + " bytes", null);
      }

      boolean unsigned = false;
      List<String> signatures = request.headers(SIGNATURE_HEADER);
      HmacVerifier.Result verification;
      try (Timer.Context t = metrics.verifyTimer().time()) {
        verification = verifier.verify(body, signatures);
      }
      if (verification == HmacVerifier.Result.MISSING && config.allowUnsigned()) {
        unsigned = true;
      } else if (verification != HmacVerifier.Result.VALID) {
        return reject(WebhookOutcome.UNAUTHORIZED, verification.reason(),
            "signature verification failed (" + verification.reason() + ")", null);
      }

      if (body.length == 0) {
        return reject(WebhookOutcome.MALFORMED, "body.empty", "body is empty", null);
      }
      return accept(body, unsigned);
    } catch (RuntimeException e) {
      return internalError(null, e);
    }
  }

  private WebhookResponse internalError(String eventId, RuntimeException e) {
    LOG.error("Webhook delivery failed unexpectedly (event {})", eventId, e);
    metrics.webhookOutcome(WebhookOutcome.ERROR.code());
    return response(WebhookOutcome.ERROR, "internal_error",
        "the delivery could not be processed; it was not stored", eventId, Map.of());
  }

  private WebhookResponse accept(byte[] body, boolean unsigned) {
    Instant receivedAt = clock.instant();
    EventCodec.Envelope envelope;
    try {
      envelope = EventCodec.readEnvelope(body);
    } catch (SyncParseException e) {
      return malformed(body, receivedAt, e, null);
    }
    String eventId = envelope.eventId();
    try {
      return acceptEnvelope(envelope, body, receivedAt, unsigned);
    } catch (RuntimeException e) {
      return internalError(eventId, e);
    }
  }

  private WebhookResponse acceptEnvelope(
      EventCodec.Envelope envelope, byte[] body, Instant receivedAt, boolean unsigned) {
    String eventId = envelope.eventId();
    EnrollmentAction action = "enrollment".equals(envelope.resource())
        ? EnrollmentAction.fromWebhookAction(envelope.action()).orElse(null)
        : null;
    if (action == null) {
      metrics.webhookIgnored(envelope.topic());
      metrics.webhookOutcome(WebhookOutcome.IGNORED.code());
      LOG.debug("Webhook {} topic {} acknowledged, not applied", eventId, envelope.topic());
      return response(WebhookOutcome.IGNORED, null, "topic " + envelope.topic() + " is not applied",
          eventId, Map.of());
    }

    EnrollmentEvent event;
    try {
      event = EventCodec.fromWebhook(envelope, action, receivedAt, unsigned);
    } catch (SyncParseException e) {
      return malformed(body, receivedAt, e, eventId);
    }

    OfferResult result;
    try (Timer.Context t = metrics.offerTimer().time()) {
      result = queue.offer(event);
    } catch (SyncStoreUnavailableException e) {
      LOG.warn("Webhook {} not stored, answering 503: {}", eventId, e.getMessage());
      metrics.webhookOutcome(WebhookOutcome.UNAVAILABLE.code());
      return response(WebhookOutcome.UNAVAILABLE, "store_unavailable",
          "the event could not be stored; retry later", eventId,
          Map.of("Retry-After", retryAfterSeconds));
    }

    WebhookOutcome outcome =
        result == OfferResult.QUEUED ? WebhookOutcome.ACCEPTED : WebhookOutcome.DUPLICATE;
    metrics.webhookOutcome(outcome.code());
    LOG.debug("Webhook {} {} enrollment {} -> {}", eventId, event.topic(), event.enrollmentId(),
        outcome.code());
    return response(outcome, null, null, eventId, Map.of());
  }

  private WebhookResponse malformed(
      byte[] body, Instant receivedAt, SyncParseException e, String eventId) {
    try {
      queue.quarantine(new RejectedDelivery(
          UUID.randomUUID().toString(), receivedAt, e.getMessage(), eventId, body));
    } catch (SyncStoreUnavailableException storeDown) {
      // Keeping the raw body is part of the contract; without it the sender must retry.
      LOG.warn("Malformed webhook {} could not be quarantined, answering 503: {}", eventId,
          storeDown.getMessage());
      metrics.webhookOutcome(WebhookOutcome.UNAVAILABLE.code());
      return response(WebhookOutcome.UNAVAILABLE, "store_unavailable",
          "the delivery could not be stored; retry later", eventId,
          Map.of("Retry-After", retryAfterSeconds));
    }
    LOG.warn("Malformed webhook {} quarantined: {}", eventId, e.getMessage());
    return reject(WebhookOutcome.MALFORMED, "body.malformed", e.getMessage(), eventId);
  }

  private WebhookResponse reject(
      WebhookOutcome outcome, String reason, String message, String eventId) {
    metrics.webhookRejected(reason);
    metrics.webhookOutcome(outcome.code());
    LOG.debug("Webhook {} rejected: {}", eventId, reason);
    return response(outcome, reason, message, eventId, Map.of());
  }

  private static WebhookResponse response(WebhookOutcome outcome, String error, String message,
      String eventId, Map<String, String> headers) {
    ObjectNode json = EventCodec.object();
    json.put("status", outcome.code());
    if (eventId != null) {
      json.put("eventId", eventId);
    }
    if (error != null) {
      json.put("error", error);
    }
    if (message != null) {
      json.put("message", message);
    }
    return new WebhookResponse(outcome, outcome.status(), json.toString(), headers, eventId);
  }

  /** Reads at most the limit; returns null as soon as the body is longer. */
  private byte[] readBounded(WebhookRequest request) throws IOException {
    int limit = config.maxBodyBytes();
    long declared = request.contentLength();
    int initial = declared >= 0 ? (int) Math.min(declared, limit) : Math.min(READ_CHUNK, limit);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(initial, 16));
    byte[] buffer = new byte[READ_CHUNK];
    try (InputStream in = request.body()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (out.size() + n > limit) {
          return null;
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static boolean isJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true; // the signature still gates the body; some senders omit the header
    }
    String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mime.equals("application/json") || mime.endsWith("+json");
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }
}
