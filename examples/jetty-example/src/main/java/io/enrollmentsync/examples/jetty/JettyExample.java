package io.enrollmentsync.examples.jetty;

import io.enrollmentsync.Durations;
import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.SyncConfigurationException;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.thinkific.ThinkificConfig;
import io.enrollmentsync.servlet.AdminOptions;
import io.enrollmentsync.servlet.EnrollmentSyncServlets;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.worker.WorkerConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runnable host: Jetty 12 with the webhook servlet at {@code /api/webhooks/enrollment}, a
 * read-only {@code GET /enrollments/{id}}, and the admin API under {@code /api/enrollments} when
 * {@code ADMIN_TOKEN} is set (without it those paths answer 404). Configured from the
 * environment; see the README.
 */
public final class JettyExample implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JettyExample.class);

  /** The webhook path of the original deployment. */
  static final String WEBHOOK_PATH = EnrollmentSyncServlets.WEBHOOK_PATH;

  /** How long a stop waits for requests in flight before it closes their connections. */
  static final long STOP_TIMEOUT_MS = 10_000;

  private final Server server;
  private final GracefulHandler graceful;
  private final ExampleComponents components;
  private final EnrollmentSync sync;
  private final boolean workerEnabled;

  JettyExample(ExampleSettings settings) throws Exception {
    this(settings, null, settings.workerConfig());
  }

  /**
   * Builds the example with the worker settings given and, for tests, another repository.
   *
   * @param repositoryOverride replaces the configured repository when not null
   */
  JettyExample(ExampleSettings settings, EnrollmentRepository repositoryOverride,
      WorkerConfig worker) throws Exception {
    this.workerEnabled = settings.workerEnabled();
    this.components = new ExampleComponents(settings);
    EnrollmentRepository repository = repositoryOverride != null
        ? repositoryOverride
        : new LoggingRepository(components.repository());
    EnrollmentSync.Builder builder = EnrollmentSync.builder()
        .webhook(WebhookConfig.builder().secrets(settings.webhookSecrets()).build())
        .repository(repository)
        .worker(worker);
    if (components.queue() != null) {
      builder.queue(components.queue());
    }
    if (settings.apiKey() != null && settings.apiSubdomain() != null) {
      builder.poller(thinkific(settings), polling(settings))
          .cursorStore(components.cursors())
          .pollLease(components.lease());
    }
    this.sync = builder.build();

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    EnrollmentSyncServlets.register(
        (path, servlet) -> context.addServlet(new ServletHolder(servlet), path),
        sync, adminOptions(settings));
    context.addServlet(new ServletHolder(new EnrollmentViewServlet(repository)), "/enrollments/*");
    context.addServlet(new ServletHolder(new NotFoundServlet()), "/");

    // On stop, requests in flight finish (their events are queued and answered) while new ones
    // get 503, so a restart never cuts a delivery in the middle of its body.
    this.graceful = new GracefulHandler(context);
    this.server = new Server(settings.port());
    server.setHandler(graceful);
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(STOP_TIMEOUT_MS);
    server.setStopAtShutdown(false);
  }

  /**
   * The admin API only with a token: without one it is not mounted at all, never open. Its
   * manual sync runs the system's poller when polling is on.
   */
  private static AdminOptions adminOptions(ExampleSettings settings) {
    return settings.adminToken() == null
        ? AdminOptions.disabled()
        : AdminOptions.builder().token(settings.adminToken()).build();
  }

  /** Polling is on when {@code API_KEY} and {@code API_SUBDOMAIN} are both set. */
  private static ThinkificConfig thinkific(ExampleSettings settings) {
    ThinkificConfig.Builder api = ThinkificConfig.builder()
        .apiKey(settings.apiKey())
        .subdomain(settings.apiSubdomain());
    if (settings.apiBaseUrl() != null) {
      api.baseUrl(settings.apiBaseUrl());
    }
    return api.build();
  }

  private static PollerConfig polling(ExampleSettings settings) {
    PollerConfig.Builder poll = PollerConfig.builder();
    if (settings.pollInterval() != null) {
      try {
        poll.interval(Durations.parse(settings.pollInterval()));
        return poll.build();
      } catch (IllegalArgumentException e) {
        throw new SyncConfigurationException("SYNC_POLL_INTERVAL: " + e.getMessage());
      }
    }
    return poll.build();
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

  /** Requests being handled now, for tests of the graceful stop. */
  long requestsInFlight() {
    return graceful.getCurrentRequestCount();
  }

  /** Whether a stop has begun turning new requests away. */
  boolean stopping() {
    return graceful.isShutdown();
  }

  @Override
  public void close() throws Exception {
    // Stop taking requests first (those in flight finish, up to STOP_TIMEOUT_MS), then let the
    // worker finish what it holds.
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
