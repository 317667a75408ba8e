/**
 * The Jakarta Servlet 6 adapter: thin servlets over the core's receiver and admin operations.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.servlet;
