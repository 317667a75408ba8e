/**
 * The sync poller: reads enrollments changed since its cursor from the Thinkific Admin API and
 * offers each one to the same queue as webhooks, so the store converges on Thinkific's truth even
 * when a webhook is lost or was never sent. See {@link io.enrollmentsync.poller.SyncPoller}.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.poller;
