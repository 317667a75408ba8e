/**
 * Health of a running sync: named checks (store reachable, consumers alive, dead letters under a
 * threshold, poller on time), each with a status and a short reason, aggregated by {@link
 * io.enrollmentsync.health.SyncHealth} into one status.
 *
 * <p>{@link io.enrollmentsync.health.HealthStatus#DOWN} means this instance cannot take or apply
 * events, or the poller was stopped by a configuration error; {@link
 * io.enrollmentsync.health.HealthStatus#DEGRADED} means events still flow but an operator should
 * act. Adapters map these onto their own health models.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.health;
