package io.enrollmentsync.servlet;

import io.enrollmentsync.EnrollmentSync;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the webhook servlet and, when access to it is configured, the admin API.
 *
 * <pre>{@code
 * // Jetty 12
 * EnrollmentSyncServlets.register(
 *     (path, servlet) -> context.addServlet(new ServletHolder(servlet), path),
 *     sync, AdminOptions.builder().token(System.getenv("ADMIN_TOKEN")).build());
 * // any Servlet 6 container, from a ServletContainerInitializer or listener
 * EnrollmentSyncServlets.register(servletContext, sync, adminOptions);
 * }</pre>
 *
 * <p>The admin paths, under {@link AdminOptions#basePath()}: {@code /metrics}, {@code /health},
 * {@code /sync} and {@code /dead-letters/*}. {@code /sync} runs {@link AdminOptions#manualSync()},
 * or else the system's poller, or answers 404 when there is neither. With {@link
 * AdminOptions#disabled()} none is mounted, so they answer the container's 404.
 *
 * @since 0.1.0
 */
public final class EnrollmentSyncServlets {
  /** The webhook path of the original deployment. */
  public static final String WEBHOOK_PATH = "/api/webhooks/enrollment";

  private static final Logger LOG = LoggerFactory.getLogger(EnrollmentSyncServlets.class);

  private EnrollmentSyncServlets() {}

  /**
   * Adds one servlet at one path pattern; adapts any container's registration API.
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  public interface Registrar {
    /**
     * Mounts a servlet.
     *
     * @param pathSpec a servlet path pattern, such as {@code /api/enrollments/dead-letters/*}
     * @param servlet the servlet
     */
    void add(String pathSpec, HttpServlet servlet);
  }

  /**
   * Mounts the webhook at {@value #WEBHOOK_PATH} and the admin API when it is enabled.
   *
   * @param registrar mounts one servlet
   * @param sync the assembled system
   * @param admin how the admin API is protected; {@link AdminOptions#disabled()} to leave it out
   * @return the mounted servlets by path pattern
   */
  public static Map<String, HttpServlet> register(
      Registrar registrar, EnrollmentSync sync, AdminOptions admin) {
    return register(registrar, sync, admin, WEBHOOK_PATH);
  }

  /**
   * Mounts the webhook at the given path and the admin API when it is enabled.
   *
   * @param registrar mounts one servlet
   * @param sync the assembled system
   * @param admin how the admin API is protected; {@link AdminOptions#disabled()} to leave it out
   * @param webhookPath the webhook's path
   * @return the mounted servlets by path pattern
   */
  public static Map<String, HttpServlet> register(
      Registrar registrar, EnrollmentSync sync, AdminOptions admin, String webhookPath) {
    Objects.requireNonNull(registrar, "registrar == null");
    Objects.requireNonNull(webhookPath, "webhookPath == null");
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put(webhookPath, new WebhookServlet(sync.receiver()));
    servlets.putAll(adminServlets(sync, admin));
    servlets.forEach(registrar::add);
    if (admin.enabled()) {
      LOG.info("Admin API mounted under {} ({})", admin.basePath(),
          admin.tokenGuard() != null ? "bearer token" : "container role");
    } else {
      LOG.info("Admin API not mounted: no admin token or container role configured");
    }
    return servlets;
  }

  /**
   * Mounts the webhook at {@value #WEBHOOK_PATH} and the admin API in a servlet context; call it
   * before the context is initialized.
   *
   * @param context the context
   * @param sync the assembled system
   * @param admin how the admin API is protected; {@link AdminOptions#disabled()} to leave it out
   * @return the mounted servlets by path pattern
   */
  public static Map<String, HttpServlet> register(
      ServletContext context, EnrollmentSync sync, AdminOptions admin) {
    Objects.requireNonNull(context, "context == null");
    return register((path, servlet) -> {
      String name = "enrollment-sync " + path;
      ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
      if (registration == null) {
        throw new IllegalStateException("a servlet named '" + name + "' is already registered;"
            + " register enrollment-sync once per context");
      }
      registration.addMapping(path);
    }, sync, admin);
  }

  /**
   * Creates the admin servlets without mounting them, for hosts that register servlets their own
   * way (such as a Spring {@code ServletRegistrationBean}).
   *
   * @param sync the assembled system
   * @param admin how the admin API is protected
   * @return the servlets by path pattern; empty when the admin API is disabled
   */
  public static Map<String, HttpServlet> adminServlets(EnrollmentSync sync, AdminOptions admin) {
    Objects.requireNonNull(sync, "sync == null");
    Objects.requireNonNull(admin, "admin == null");
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    if (!admin.enabled()) {
      return servlets;
    }
    String base = admin.basePath();
    servlets.put(base + "/metrics", new MetricsServlet(sync, admin));
    servlets.put(base + "/health", new HealthServlet(sync, admin));
    ManualSync manual = admin.manualSync() != null
        ? admin.manualSync()
        : sync.poller().map(ManualSync::of).orElse(null);
    servlets.put(base + "/sync", new ManualSyncServlet(manual, admin, sync.metrics()));
    servlets.put(base + "/dead-letters/*",
        new DeadLetterServlet(sync.queue().deadLetters(), admin, sync.metrics()));
    return servlets;
  }
}
