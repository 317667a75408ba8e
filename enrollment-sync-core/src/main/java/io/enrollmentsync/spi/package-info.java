/**
 * Extension points that host teams implement or replace: where enrollments are stored
 * ({@link io.enrollmentsync.spi.EnrollmentRepository}), where events wait
 * ({@link io.enrollmentsync.spi.EventQueue}), where the poller keeps its cursor
 * ({@link io.enrollmentsync.spi.CursorStore}) and how one instance is chosen to poll
 * ({@link io.enrollmentsync.spi.PollLease}).
 *
 * <p>The library ships implementations of each: in memory, on Redis and on JDBC.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.spi;
