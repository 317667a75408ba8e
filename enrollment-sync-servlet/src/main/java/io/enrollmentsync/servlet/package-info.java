/**
 * The Jakarta Servlet 6 adapter: thin servlets over the core's receiver and admin operations.
 *
 * <p>{@link io.enrollmentsync.servlet.EnrollmentSyncServlets} mounts the webhook and, when an
 * admin token or container role is configured in {@link io.enrollmentsync.servlet.AdminOptions},
 * the admin API (metrics, health, manual sync, dead letters) guarded by {@link
 * io.enrollmentsync.servlet.AdminTokenGuard}. The admin servlets themselves are package-private:
 * mount them through the registration helper. See {@code docs/admin-api.md}.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.servlet;
