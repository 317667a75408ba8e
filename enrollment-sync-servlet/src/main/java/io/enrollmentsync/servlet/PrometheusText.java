package io.enrollmentsync.servlet;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.health.HealthCheckResult;
import io.enrollmentsync.health.HealthReport;
import io.enrollmentsync.metrics.SyncMetrics;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes the metrics in the Prometheus text format 0.0.4: counters as {@code _total}, gauges,
 * timers as summaries in seconds, histograms as summaries, and the health as a gauge per check
 * (0 up, 1 degraded, 2 down).
 *
 * <p>Summaries carry quantiles and {@code _count} but no {@code _sum}: Dropwizard reservoirs keep
 * no exact sum.
 */
final class PrometheusText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final MetricFilter OURS =
      (name, metric) -> name.startsWith(SyncMetrics.PREFIX + ".");
  private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.99};
  private static final double NS_PER_S = TimeUnit.SECONDS.toNanos(1);

  private PrometheusText() {}

  static String write(EnrollmentSync sync) {
    StringBuilder out = new StringBuilder(4096);
    health(out, sync.health().check());
    MetricRegistry registry = sync.metrics().registry();
    for (Map.Entry<String, Counter> e : registry.getCounters(OURS).entrySet()) {
      String name = sanitize(e.getKey()) + "_total";
      type(out, name, "counter");
      sample(out, name, "", e.getValue().getCount());
    }
    for (Map.Entry<String, Meter> e : registry.getMeters(OURS).entrySet()) {
      String name = sanitize(e.getKey()) + "_total";
      type(out, name, "counter");
      sample(out, name, "", e.getValue().getCount());
    }
    for (Map.Entry<String, Gauge> e : registry.getGauges(OURS).entrySet()) {
      if (AdminJson.read(e.getValue()) instanceof Number n) {
        String name = sanitize(e.getKey());
        type(out, name, "gauge");
        sample(out, name, "", n.doubleValue());
      }
    }
    for (Map.Entry<String, Timer> e : registry.getTimers(OURS).entrySet()) {
      summary(out, sanitize(e.getKey()) + "_seconds", e.getValue().getSnapshot(),
          e.getValue().getCount(), NS_PER_S);
    }
    for (Map.Entry<String, Histogram> e : registry.getHistograms(OURS).entrySet()) {
      summary(out, sanitize(e.getKey()), e.getValue().getSnapshot(), e.getValue().getCount(), 1);
    }
    return out.toString();
  }

  private static void health(StringBuilder out, HealthReport report) {
    String name = SyncMetrics.PREFIX + "_health_status";
    out.append("# HELP ").append(name).append(" 0 up, 1 degraded, 2 down\n");
    type(out, name, "gauge");
    sample(out, name, "{check=\"overall\"}", report.status().ordinal());
    for (HealthCheckResult r : report.checks()) {
      sample(out, name, "{check=\"" + sanitize(r.name()) + "\"}", r.status().ordinal());
    }
  }

  private static void summary(
      StringBuilder out, String name, Snapshot s, long count, double divisor) {
    type(out, name, "summary");
    for (double q : QUANTILES) {
      sample(out, name, "{quantile=\"" + q + "\"}", s.getValue(q) / divisor);
    }
    sample(out, name + "_count", "", count);
  }

  private static void type(StringBuilder out, String name, String type) {
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, String labels, double value) {
    out.append(name).append(labels).append(' ');
    if (value == Math.rint(value) && !Double.isInfinite(value)) {
      out.append((long) value);
    } else {
      out.append(value);
    }
    out.append('\n');
  }

  private static String sanitize(String name) {
    StringBuilder s = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      s.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == ':' ? c : '_');
    }
    return s.toString();
  }
}
