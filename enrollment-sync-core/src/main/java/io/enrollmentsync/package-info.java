/**
 * The public API of enrollment-sync: the {@link io.enrollmentsync.EnrollmentSync} entry point,
 * the event model and the exceptions a caller can act on.
 *
 * <p>Extension points that host teams implement live in {@code io.enrollmentsync.spi}. Packages
 * named {@code internal} are implementation details: they may change in any release and must not
 * be imported by users. Everything is non-null unless documented as nullable.
 *
 * @since 0.1.0
 */
package io.enrollmentsync;
