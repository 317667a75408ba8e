package io.enrollmentsync.spring;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricRegistryListener;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Timer;
import io.enrollmentsync.metrics.SyncMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Shows the enrollment-sync metrics of a Dropwizard {@link MetricRegistry} in Micrometer, and so
 * in {@code /actuator/metrics} and Prometheus scrapes, without a bridge library.
 *
 * <p>Every metric whose name starts with {@value SyncMetrics#PREFIX} is mirrored, including those
 * created later (counters per outcome appear on first use), and removed when it is removed.
 * Micrometer reads the Dropwizard values when it is scraped; nothing is copied in between.
 *
 * <table>
 *   <caption>How each kind is shown</caption>
 *   <tr><th>Dropwizard</th><th>Micrometer</th></tr>
 *   <tr><td>counter, meter</td><td>function counter of the same name</td></tr>
 *   <tr><td>numeric gauge</td><td>gauge of the same name</td></tr>
 *   <tr><td>histogram</td><td>{@code <name>.count} function counter and a gauge per
 *       {@code quantile} tag (0.5, 0.95, 0.99) and {@code max}</td></tr>
 *   <tr><td>timer</td><td>{@code <name>.count} function counter and a time gauge (seconds) per
 *       {@code quantile} tag and {@code max}</td></tr>
 * </table>
 *
 * <p>Quantiles come from Dropwizard's decaying reservoir; Micrometer cannot aggregate them across
 * instances, so a fleet-wide percentile needs the per-instance values.
 *
 * @since 0.1.0
 */
public final class DropwizardMeterBinder implements MeterBinder {
  private static final double[] QUANTILES = {0.5, 0.95, 0.99};

  private final MetricRegistry source;

  /**
   * Creates a binder over a Dropwizard registry.
   *
   * @param source the registry that {@link SyncMetrics} records in
   */
  public DropwizardMeterBinder(MetricRegistry source) {
    this.source = Objects.requireNonNull(source, "source == null");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    // The listener is told about every metric already present, then about each new one.
    source.addListener(new Mirror(registry));
  }

  /** Mirrors the metrics of one Dropwizard registry into one Micrometer registry. */
  private static final class Mirror extends MetricRegistryListener.Base {
    private final MeterRegistry registry;
    private final Map<String, List<io.micrometer.core.instrument.Meter>> meters =
        new ConcurrentHashMap<>();

    Mirror(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public void onGaugeAdded(String name, Gauge<?> gauge) {
      if (!ours(name)) {
        return;
      }
      add(name, io.micrometer.core.instrument.Gauge.builder(name, gauge, Mirror::number)
          .strongReference(true)
          .register(registry));
    }

    @Override
    public void onCounterAdded(String name, Counter counter) {
      if (ours(name)) {
        add(name, FunctionCounter.builder(name, counter, Counter::getCount).register(registry));
      }
    }

    @Override
    public void onMeterAdded(String name, Meter meter) {
      if (ours(name)) {
        add(name, FunctionCounter.builder(name, meter, Meter::getCount).register(registry));
      }
    }

    @Override
    public void onHistogramAdded(String name, Histogram histogram) {
      if (!ours(name)) {
        return;
      }
      add(name, FunctionCounter.builder(name + ".count", histogram, Histogram::getCount)
          .register(registry));
      addSnapshotGauges(name, histogram, false);
    }

    @Override
    public void onTimerAdded(String name, Timer timer) {
      if (!ours(name)) {
        return;
      }
      add(name, FunctionCounter.builder(name + ".count", timer, Timer::getCount)
          .register(registry));
      addSnapshotGauges(name, timer, true);
    }

    @Override
    public void onGaugeRemoved(String name) {
      remove(name);
    }

    @Override
    public void onCounterRemoved(String name) {
      remove(name);
    }

    @Override
    public void onMeterRemoved(String name) {
      remove(name);
    }

    @Override
    public void onHistogramRemoved(String name) {
      remove(name);
    }

    @Override
    public void onTimerRemoved(String name) {
      remove(name);
    }

    private void addSnapshotGauges(String name, Sampling sampling, boolean nanos) {
      for (double q : QUANTILES) {
        snapshotGauge(name, sampling, nanos, "quantile", Double.toString(q),
            s -> s.getSnapshot().getValue(q));
      }
      snapshotGauge(name, sampling, nanos, "quantile", "max", s -> s.getSnapshot().getMax());
    }

    private void snapshotGauge(String name, Sampling sampling, boolean nanos, String tag,
        String value, ToDoubleFunction<Sampling> read) {
      if (nanos) {
        add(name, TimeGauge.builder(name, sampling, TimeUnit.NANOSECONDS, read)
            .tag(tag, value)
            .strongReference(true)
            .register(registry));
      } else {
        add(name, io.micrometer.core.instrument.Gauge.builder(name, sampling, read)
            .tag(tag, value)
            .strongReference(true)
            .register(registry));
      }
    }

    private void add(String name, io.micrometer.core.instrument.Meter meter) {
      meters.computeIfAbsent(name, n -> new ArrayList<>()).add(meter);
    }

    private void remove(String name) {
      List<io.micrometer.core.instrument.Meter> removed = meters.remove(name);
      if (removed != null) {
        removed.forEach(registry::remove);
      }
    }

    private static boolean ours(String name) {
      return name.startsWith(SyncMetrics.PREFIX + ".");
    }

    private static double number(Gauge<?> gauge) {
      Object value = gauge.getValue();
      return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
  }
}
