/**
 * Spring Boot auto-configuration for enrollment-sync: the {@code enrollment-sync.*} properties,
 * the assembly of the core from them, the webhook servlet registration, the lifecycle, and the
 * Actuator health and Micrometer metrics.
 *
 * <p>Add the {@code enrollment-sync-spring-starter} dependency and set {@code
 * enrollment-sync.webhook.secrets}; {@code docs/spring-boot.md} lists every property. Each bean
 * backs off when the application defines its own of the same type (or name, for servlet
 * registrations). Everything is non-null unless marked {@code @Nullable}.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.spring;
