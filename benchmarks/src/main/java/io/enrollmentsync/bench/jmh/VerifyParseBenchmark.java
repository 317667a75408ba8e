package io.enrollmentsync.bench.jmh;

import io.enrollmentsync.EnrollmentAction;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.bench.Deliveries;
import io.enrollmentsync.internal.EventCodec;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.DeadLetterStore;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.OfferResult;
import io.enrollmentsync.spi.QueueStats;
import io.enrollmentsync.spi.QueuedEvent;
import io.enrollmentsync.spi.RejectedDelivery;
import io.enrollmentsync.webhook.HmacVerifier;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.webhook.WebhookReceiver;
import io.enrollmentsync.webhook.WebhookRequest;
import io.enrollmentsync.webhook.WebhookResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-delivery CPU work of the webhook path, without HTTP or Redis: HMAC over the raw bytes,
 * envelope parse, event parse, and the queue encoding that {@code offer} does; plus the whole
 * {@link WebhookReceiver#receive} with a queue that accepts everything at no cost (so the
 * receiver's own overhead, metrics and response JSON included, shows).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar VerifyParseBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-XX:+UseParallelGC"})
public class VerifyParseBenchmark {
  private byte[] body;
  private List<String> signature;
  private HmacVerifier verifier;
  private WebhookReceiver receiver;
  private WebhookRequest request;
  private EnrollmentEvent event;

  /** Builds one ~600-byte delivery and a receiver over a free queue. */
  @Setup
  public void setUp() {
    Deliveries deliveries = new Deliveries();
    Instant now = Instant.parse("2026-12-03T12:00:00.123Z");
    body = Deliveries.body("20261203120000123000001", 880_101, now, now, 25);
    signature = List.of(deliveries.sign(body));
    verifier = HmacVerifier.of(List.of(Deliveries.SECRET));
    receiver = new WebhookReceiver(
        WebhookConfig.builder().secret(Deliveries.SECRET).build(), new FreeQueue(),
        new SyncMetrics(), Clock.systemUTC());
    Map<String, List<String>> headers = Map.of(
        WebhookReceiver.SIGNATURE_HEADER, signature, "Content-Type", List.of("application/json"));
    request = WebhookRequest.of(name -> headers.get(name), body);
    event = parse();
    if (verifier.verify(body, signature) != HmacVerifier.Result.VALID) {
      throw new IllegalStateException("the benchmark delivery does not verify");
    }
    if (receiver.receive(request).status() != 202) {
      throw new IllegalStateException("the benchmark delivery is not accepted");
    }
  }

  /** Returns the body size, printed once so the README can quote it. */
  public int bodySize() {
    return body.length;
  }

  /** HMAC-SHA256 over the body and the constant-time compare. */
  @Benchmark
  public HmacVerifier.Result verify() {
    return verifier.verify(body, signature);
  }

  /** Envelope and event parse (Jackson tree, field readers, dates, BigDecimal percentage). */
  @Benchmark
  public EnrollmentEvent parse() {
    EventCodec.Envelope envelope = EventCodec.readEnvelope(body);
    return EventCodec.fromWebhook(envelope, EnrollmentAction.fromWebhookAction(envelope.action())
        .orElseThrow(), Instant.EPOCH, false);
  }

  /** The work the issue names per delivery: verify, then parse. */
  @Benchmark
  public EnrollmentEvent verifyAndParse() {
    if (verifier.verify(body, signature) != HmacVerifier.Result.VALID) {
      throw new IllegalStateException("mismatch");
    }
    return parse();
  }

  /** The queue entry encoding {@code RedisEventQueue.offer} does before its script call. */
  @Benchmark
  public byte[] encodeForQueue() {
    return EventCodec.encode(event);
  }

  /** The whole receiver (guards, verify, parse, metrics, response body) over a free queue. */
  @Benchmark
  public WebhookResponse receive() {
    return receiver.receive(request);
  }

  /** Takes every offer at no cost, so only the receiver's own work is timed. */
  static final class FreeQueue implements EventQueue {
    @Override
    public OfferResult offer(EnrollmentEvent event) {
      return OfferResult.QUEUED;
    }

    @Override
    public List<QueuedEvent> take(String consumer, int max, Duration maxWait) {
      return List.of();
    }

    @Override
    public void ack(List<QueuedEvent> events) {}

    @Override
    public void retry(QueuedEvent event, Instant notBefore, String error) {}

    @Override
    public void deadLetter(QueuedEvent event, String error) {}

    @Override
    public void quarantine(RejectedDelivery delivery) {}

    @Override
    public List<RejectedDelivery> quarantined(int limit) {
      return List.of();
    }

    @Override
    public DeadLetterStore deadLetters() {
      throw new UnsupportedOperationException("not used by the benchmark");
    }

    @Override
    public QueueStats stats() {
      return new QueueStats(0, 0, 0, 0, 0);
    }

    @Override
    public void ping() {}

    @Override
    public void close() {}
  }
}
