/**
 * In-memory implementations of the SPIs, for tests, demos and single-process hosts that accept
 * losing queued events on a restart. Not for production queues.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.memory;
