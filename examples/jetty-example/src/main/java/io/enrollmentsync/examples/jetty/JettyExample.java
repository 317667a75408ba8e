package io.enrollmentsync.examples.jetty;

import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.servlet.WebhookServlet;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.webhook.WebhookConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runnable host: Jetty 12 with the webhook servlet at {@code /api/webhooks/enrollment} and a
 * read-only {@code GET /enrollments/{id}}. Configured from the environment; see the README.
 */
public final class JettyExample implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JettyExample.class);

  /** The webhook path of the original deployment. */
  static final String WEBHOOK_PATH = "/api/webhooks/enrollment";

  private final Server server;
  private final ExampleComponents components;
  private final EnrollmentSync sync;
  private final boolean workerEnabled;

  JettyExample(ExampleSettings settings) throws Exception {
    this.workerEnabled = settings.workerEnabled();
    this.components = new ExampleComponents(settings);
    EnrollmentRepository repository = new LoggingRepository(components.repository());
    EnrollmentSync.Builder builder = EnrollmentSync.builder()
        .webhook(WebhookConfig.builder().secret(settings.webhookSecret()).build())
        .repository(repository);
    if (components.queue() != null) {
      builder.queue(components.queue());
    }
    this.sync = builder.build();

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new WebhookServlet(sync.receiver())), WEBHOOK_PATH);
    context.addServlet(new ServletHolder(new EnrollmentViewServlet(repository)), "/enrollments/*");

    this.server = new Server(settings.port());
    server.setHandler(context);
    server.setStopAtShutdown(false);
  }

  JettyExample start() throws Exception {
    if (workerEnabled) {
      sync.start();
    } else {
      LOG.info("Worker off (SYNC_WORKER_ENABLED=false): webhooks are queued, nothing is applied");
    }
    server.start();
    LOG.info("enrollment-sync example listening on port {}: POST {} ; GET /enrollments/<id>",
        port(), WEBHOOK_PATH);
    return this;
  }

  int port() {
    return server.getURI().getPort();
  }

  EnrollmentSync sync() {
    return sync;
  }

  @Override
  public void close() throws Exception {
    // Stop taking requests first, then let the worker finish what it holds.
    server.stop();
    sync.close();
    components.close();
  }

  /**
   * Starts the example and stops it cleanly on SIGTERM or Ctrl-C.
   *
   * @param args ignored; configuration comes from the environment
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    ExampleSettings settings = ExampleSettings.from(System.getenv());
    LOG.info("Starting with {}", settings);
    JettyExample example = new JettyExample(settings).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        example.close();
      } catch (Exception e) {
        LOG.warn("Shutdown was not clean", e);
      }
    }, "enrollment-sync-shutdown"));
    example.server.join();
  }
}
