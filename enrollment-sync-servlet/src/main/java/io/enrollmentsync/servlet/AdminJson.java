package io.enrollmentsync.servlet;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metered;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.health.HealthCheckResult;
import io.enrollmentsync.health.HealthReport;
import io.enrollmentsync.internal.EventCodec;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.DeadLetter;
import io.enrollmentsync.spi.QueueStats;
import io.enrollmentsync.worker.SyncWorker;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Builds the admin API's JSON documents; package-private helper of the admin servlets. */
final class AdminJson {
  private static final MetricFilter OURS =
      (name, metric) -> name.startsWith(SyncMetrics.PREFIX + ".");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
  private static final double NS_PER_MS = TimeUnit.MILLISECONDS.toNanos(1);

  private AdminJson() {}

  static ObjectNode health(HealthReport report) {
    ObjectNode json = EventCodec.object();
    json.put("status", report.status().name());
    json.put("checkedAt", report.checkedAt().toString());
    ArrayNode checks = json.putArray("checks");
    for (HealthCheckResult r : report.checks()) {
      checks.addObject()
          .put("name", r.name())
          .put("status", r.status().name())
          .put("reason", r.reason());
    }
    return json;
  }

  /** The metrics document: health, queue sizes, worker, and every enrollment-sync metric. */
  static ObjectNode metrics(EnrollmentSync sync) {
    ObjectNode json = EventCodec.object();
    json.set("health", health(sync.health().check()));
    json.set("queue", queue(sync));
    json.set("worker", worker(sync.worker()));
    MetricRegistry registry = sync.metrics().registry();
    ObjectNode counters = json.putObject("counters");
    for (Map.Entry<String, Counter> e : registry.getCounters(OURS).entrySet()) {
      counters.put(e.getKey(), e.getValue().getCount());
    }
    ObjectNode gauges = json.putObject("gauges");
    for (Map.Entry<String, Gauge> e : registry.getGauges(OURS).entrySet()) {
      Object value = read(e.getValue());
      if (value instanceof Number n && n.doubleValue() == n.longValue()) {
        gauges.put(e.getKey(), n.longValue());
      } else if (value instanceof Number n) {
        gauges.put(e.getKey(), n.doubleValue());
      }
    }
    ObjectNode timers = json.putObject("timers");
    for (Map.Entry<String, Timer> e : registry.getTimers(OURS).entrySet()) {
      ObjectNode t = timers.putObject(e.getKey());
      rates(t, e.getValue());
      snapshot(t, e.getValue().getSnapshot(), NS_PER_MS, "Ms");
    }
    ObjectNode meters = json.putObject("meters");
    for (Map.Entry<String, Meter> e : registry.getMeters(OURS).entrySet()) {
      rates(meters.putObject(e.getKey()), e.getValue());
    }
    ObjectNode histograms = json.putObject("histograms");
    for (Map.Entry<String, Histogram> e : registry.getHistograms(OURS).entrySet()) {
      ObjectNode h = histograms.putObject(e.getKey());
      h.put("count", e.getValue().getCount());
      snapshot(h, e.getValue().getSnapshot(), 1, "");
    }
    return json;
  }

  /** Reads a gauge; one that fails is left out rather than failing the whole answer. */
  static Object read(Gauge<?> gauge) {
    try {
      return gauge.getValue();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static ObjectNode queue(EnrollmentSync sync) {
    ObjectNode json = EventCodec.object();
    QueueStats stats;
    try {
      stats = sync.queue().stats();
    } catch (SyncStoreUnavailableException e) {
      json.put("available", false);
      return json;
    }
    json.put("available", true);
    json.put("ready", stats.ready());
    json.put("pending", stats.pending());
    json.put("delayed", stats.delayed());
    json.put("depth", stats.depth());
    json.put("deadLetters", stats.deadLetters());
    json.put("quarantined", stats.quarantined());
    return json;
  }

  private static ObjectNode worker(SyncWorker worker) {
    ObjectNode json = EventCodec.object();
    json.put("running", worker.isRunning());
    json.put("consumers", worker.config().consumers());
    json.put("consumersAlive", worker.consumersAlive());
    return json;
  }

  private static void rates(ObjectNode json, Metered m) {
    json.put("count", m.getCount());
    json.put("meanRate", m.getMeanRate());
    json.put("m1Rate", m.getOneMinuteRate());
    json.put("m5Rate", m.getFiveMinuteRate());
    json.put("m15Rate", m.getFifteenMinuteRate());
  }

  private static void snapshot(ObjectNode json, Snapshot s, double divisor, String unit) {
    json.put("min" + unit, s.getMin() / divisor);
    json.put("mean" + unit, s.getMean() / divisor);
    json.put("p50" + unit, s.getMedian() / divisor);
    json.put("p95" + unit, s.get95thPercentile() / divisor);
    json.put("p99" + unit, s.get99thPercentile() / divisor);
    json.put("max" + unit, s.getMax() / divisor);
  }

  /**
   * One dead letter. Without payloads it holds ids, times and the error, with email addresses in
   * the error masked; the snapshot (names, emails) only when payloads are shown.
   */
  static ObjectNode deadLetter(DeadLetter d, boolean showPayload) {
    EnrollmentEvent e = d.event();
    EnrollmentSnapshot s = e.snapshot();
    ObjectNode json = EventCodec.object();
    json.put("id", d.id());
    json.put("eventId", e.eventId());
    json.put("source", e.source().name().toLowerCase(Locale.ROOT));
    json.put("topic", e.topic());
    json.put("enrollmentId", s.enrollmentId());
    putIfPresent(json, "userId", s.userId());
    putIfPresent(json, "courseId", s.courseId());
    json.put("updatedAt", s.updatedAt().toString());
    json.put("occurredAt", e.occurredAt().toString());
    json.put("attempts", d.attempts());
    json.put("enqueuedAt", d.enqueuedAt().toString());
    json.put("deadAt", d.deadAt().toString());
    // Repository errors may quote the row they choked on, such as a unique-key violation.
    json.put("error", showPayload ? d.error() : EMAIL.matcher(d.error()).replaceAll("<email>"));
    if (showPayload) {
      json.set("payload", EventCodec.MAPPER.valueToTree(s));
    }
    return json;
  }

  private static void putIfPresent(ObjectNode json, String name, Long value) {
    if (value != null) {
      json.put(name, value);
    }
  }
}
