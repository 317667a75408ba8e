/**
 * Webhook ingestion, framework-agnostic: signature verification and the receiver that turns raw
 * deliveries into queued events and HTTP answers. Adapters (servlet, Spring) only copy bytes and
 * headers in and the {@link io.enrollmentsync.webhook.WebhookResponse} out.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.webhook;
