package io.enrollmentsync.metrics;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.QueueStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every metric enrollment-sync records, in one place, over a Dropwizard {@link MetricRegistry}
 * that the host may share with its own metrics.
 *
 * <p>All names start with {@value #PREFIX}. Counters per outcome are created on first use, so a
 * registry shows only the outcomes that happened; names built from input (topics) are bounded.
 *
 * @since 0.1.0
 */
public final class SyncMetrics {
  /** The prefix of every metric name. */
  public static final String PREFIX = "enrollmentsync";

  private static final Logger LOG = LoggerFactory.getLogger(SyncMetrics.class);
  private static final int MAX_TOPIC_COUNTERS = 64;

  private final MetricRegistry registry;
  private final Set<String> topics = ConcurrentHashMap.newKeySet();

  /**
   * Creates metrics over the given registry.
   *
   * @param registry the registry, possibly shared with the host
   */
  public SyncMetrics(MetricRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry == null");
  }

  /** Creates metrics over a registry of their own. */
  public SyncMetrics() {
    this(new MetricRegistry());
  }

  /**
   * Returns the registry the metrics live in.
   *
   * @return the registry
   */
  public MetricRegistry registry() {
    return registry;
  }

  /**
   * Builds a metric name under the prefix.
   *
   * @param parts the dotted parts after the prefix
   * @return the full name
   */
  public static String name(String... parts) {
    return MetricRegistry.name(PREFIX, parts);
  }

  // ---- webhook ----------------------------------------------------------------------------

  /**
   * Counts one webhook delivery by outcome, such as {@code accepted} or {@code duplicate}.
   *
   * @param outcome the outcome's lower-case name
   */
  public void webhookOutcome(String outcome) {
    registry.counter(name("webhook", "outcome", outcome)).inc();
  }

  /**
   * Counts one rejected webhook delivery by reason, such as {@code signature.mismatch}.
   *
   * @param reason the reason's lower-case dotted name
   */
  public void webhookRejected(String reason) {
    registry.counter(name("webhook", "rejected", reason)).inc();
  }

  /**
   * Counts one acknowledged delivery of a topic that is not applied.
   *
   * @param topic the topic, such as {@code order.created}
   */
  public void webhookIgnored(String topic) {
    String key = sanitize(topic);
    // Only signed senders reach this point, but the name set must stay bounded anyway.
    if (!topics.contains(key)) {
      if (topics.size() < MAX_TOPIC_COUNTERS) {
        topics.add(key);
      } else {
        key = "other";
      }
    }
    registry.counter(name("webhook", "ignored", key)).inc();
  }

  /**
   * Times signature verification.
   *
   * @return the timer
   */
  public Timer verifyTimer() {
    return registry.timer(name("webhook", "verify"));
  }

  /**
   * Times a whole webhook delivery inside the receiver, from first byte to answer.
   *
   * @return the timer
   */
  public Timer receiveTimer() {
    return registry.timer(name("webhook", "receive"));
  }

  /**
   * Times {@link EventQueue#offer}.
   *
   * @return the timer
   */
  public Timer offerTimer() {
    return registry.timer(name("queue", "offer"));
  }

  // ---- worker -----------------------------------------------------------------------------

  /**
   * Counts one applied event by outcome.
   *
   * @param outcome the outcome
   */
  public void applied(ApplyOutcome outcome) {
    registry.counter(name("apply", outcome.name().toLowerCase(Locale.ROOT))).inc();
  }

  /**
   * Counts one failed attempt to apply an event.
   *
   * @return the counter
   */
  public Counter applyFailed() {
    return registry.counter(name("apply", "failed"));
  }

  /**
   * Counts events scheduled for another attempt.
   *
   * @return the counter
   */
  public Counter retried() {
    return registry.counter(name("apply", "retried"));
  }

  /**
   * Counts events moved to the dead-letter store.
   *
   * @return the counter
   */
  public Counter deadLettered() {
    return registry.counter(name("apply", "dead_lettered"));
  }

  /**
   * Counts the times a consumer found the repository unavailable ({@code
   * SyncStoreUnavailableException}) and held its events to try again, charging them no attempt.
   *
   * @return the counter
   * @since 0.1.0
   */
  public Counter repositoryUnavailable() {
    return registry.counter(name("apply", "repository_unavailable"));
  }

  /**
   * Counts batches a consumer could not finish because of an unexpected error (a bug, not a store
   * outage); the consumer goes on, and the batch's unacknowledged events come back later.
   *
   * @return the counter
   * @since 0.1.0
   */
  public Counter consumerErrors() {
    return registry.counter(name("worker", "consumer_errors"));
  }

  /**
   * Counts batches that failed as a whole and were applied again one event at a time.
   *
   * @return the counter
   */
  public Counter batchFallbacks() {
    return registry.counter(name("apply", "batch_fallback"));
  }

  /**
   * Times one batch written to the repository.
   *
   * @return the timer
   */
  public Timer batchTimer() {
    return registry.timer(name("apply", "batch"));
  }

  /**
   * Times the apply of one event: a single-event call, or a batch's time divided by its size.
   *
   * @return the timer
   */
  public Timer applyTimer() {
    return registry.timer(name("apply", "event"));
  }

  /**
   * Records the end-to-end lag of one applied event: from the event's time to applied, in ms.
   *
   * @return the histogram
   */
  public Histogram eventLag() {
    return registry.histogram(name("lag", "event_to_applied_ms"));
  }

  /**
   * Records the time one event spent in the queue: from received to applied, in ms.
   *
   * @return the histogram
   */
  public Histogram queueLag() {
    return registry.histogram(name("lag", "received_to_applied_ms"));
  }

  /**
   * Counts errors of the queue seen by consumers (connection lost, store down).
   *
   * @return the counter
   */
  public Counter queueErrors() {
    return registry.counter(name("queue", "errors"));
  }

  // ---- poller -----------------------------------------------------------------------------

  /**
   * Counts one poller run by result, such as {@code success}, {@code failed}, {@code skipped}.
   *
   * @param result the result's lower-case name
   */
  public void pollRun(String result) {
    registry.counter(name("poll", "runs", result)).inc();
  }

  /**
   * Counts one poller quantity, such as {@code pages}, {@code items}, {@code queued}.
   *
   * @param what the quantity's lower-case name
   * @param n how many
   */
  public void pollCount(String what, long n) {
    registry.counter(name("poll", what)).inc(n);
  }

  /**
   * Times one call to the Admin API.
   *
   * @return the timer
   */
  public Timer apiTimer() {
    return registry.timer(name("poll", "api_request"));
  }

  // ---- admin ------------------------------------------------------------------------------

  /**
   * Counts one admin request refused by the access guard, by reason such as {@code missing},
   * {@code malformed}, {@code wrong} or {@code forbidden}.
   *
   * @param reason the reason's lower-case name
   */
  public void adminDenied(String reason) {
    registry.counter(name("admin", "denied", reason)).inc();
  }

  // ---- gauges -----------------------------------------------------------------------------

  /**
   * Registers gauges for the sizes of a queue, read at most once a second.
   *
   * <p>Each gauge reads -1 while the store cannot be reached.
   *
   * @param queue the queue
   */
  public void registerQueueGauges(EventQueue queue) {
    CachedGauge<QueueStats> stats =
        new CachedGauge<>(1, TimeUnit.SECONDS) {
          @Override
          protected QueueStats loadValue() {
            try {
              return queue.stats();
            } catch (RuntimeException e) {
              LOG.debug("Queue sizes unavailable for metrics", e);
              return null;
            }
          }
        };
    queueGauge("ready", stats, QueueStats::ready);
    queueGauge("pending", stats, QueueStats::pending);
    queueGauge("delayed", stats, QueueStats::delayed);
    queueGauge("depth", stats, QueueStats::depth);
    queueGauge("dead_letters", stats, QueueStats::deadLetters);
    queueGauge("quarantined", stats, QueueStats::quarantined);
  }

  private void queueGauge(
      String what, CachedGauge<QueueStats> stats, Function<QueueStats, Long> f) {
    gauge(name("queue", what), () -> {
      QueueStats value = stats.getValue();
      return value == null ? -1L : f.apply(value);
    });
  }

  /**
   * Registers gauges for the poller: how old its cursor is and when it last finished a run.
   *
   * <p>{@code poll.cursor_age_seconds} and {@code poll.last_success_age_seconds} read -1 while
   * there is no cursor or no successful run yet; {@code poll.last_success_epoch_ms} reads 0 then.
   *
   * @param cursor reads the saved cursor, or null when none is saved
   * @param lastSuccess reads when the last run succeeded, or null when none has
   * @param clock the clock the ages are measured with
   */
  public void registerPollerGauges(
      Supplier<Instant> cursor, Supplier<Instant> lastSuccess, Clock clock) {
    Objects.requireNonNull(cursor, "cursor == null");
    Objects.requireNonNull(lastSuccess, "lastSuccess == null");
    Objects.requireNonNull(clock, "clock == null");
    gauge(name("poll", "cursor_age_seconds"), () -> ageSeconds(cursor, clock));
    gauge(name("poll", "last_success_age_seconds"), () -> ageSeconds(lastSuccess, clock));
    gauge(name("poll", "last_success_epoch_ms"), () -> {
      Instant at = lastSuccess.get();
      return at == null ? 0L : at.toEpochMilli();
    });
  }

  private static long ageSeconds(Supplier<Instant> at, Clock clock) {
    Instant value = at.get();
    return value == null ? -1L : Math.max(0, Duration.between(value, clock.instant()).toSeconds());
  }

  /**
   * Registers a gauge, replacing one of the same name (a restarted component registers again).
   *
   * @param name the full name
   * @param value reads the value
   * @param <T> the value type
   */
  public <T> void gauge(String name, Supplier<T> value) {
    registry.remove(name);
    registry.register(name, (Gauge<T>) value::get);
  }

  private static String sanitize(String topic) {
    StringBuilder out = new StringBuilder(Math.min(topic.length(), 48));
    for (int i = 0; i < topic.length() && out.length() < 48; i++) {
      char c = Character.toLowerCase(topic.charAt(i));
      out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ? c : '_');
    }
    return out.length() == 0 ? "unknown" : out.toString();
  }
}
