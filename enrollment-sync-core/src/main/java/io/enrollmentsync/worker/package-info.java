/**
 * The worker that drains the queue into the repository: batches, retries with backoff, dead
 * letters and graceful shutdown.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.worker;
