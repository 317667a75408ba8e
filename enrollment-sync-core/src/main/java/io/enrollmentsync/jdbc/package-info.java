/**
 * The JDBC implementations of the SPIs, over any {@link javax.sql.DataSource}: {@link
 * io.enrollmentsync.jdbc.JdbcEnrollmentRepository} and {@link
 * io.enrollmentsync.jdbc.JdbcCursorStore}, for PostgreSQL, MySQL or MariaDB, and H2 (see {@link
 * io.enrollmentsync.jdbc.SqlDialect}).
 *
 * <p>The schema ships as versioned migration files under {@code db/enrollment-sync/<dialect>/} on
 * the classpath, for Flyway, Liquibase or a plain SQL client; {@link
 * io.enrollmentsync.jdbc.JdbcSchema} runs the same files for embedded and demo setups. The JDBC
 * driver is the host's dependency, not this library's.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.jdbc;
