/**
 * A client for the Thinkific Admin API, as far as the sync poller needs it: {@code GET
 * /enrollments} with its filters, paging, retries and rate limits.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.thinkific;
