/**
 * Metrics for every stage, over a Dropwizard {@code MetricRegistry}; every name is listed in
 * {@code docs/metrics.md} and built in {@link io.enrollmentsync.metrics.SyncMetrics}.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.metrics;
