/**
 * Metrics for every stage, over a Dropwizard {@code MetricRegistry}; names are listed in the
 * README and in {@link io.enrollmentsync.metrics.SyncMetrics}.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.metrics;
