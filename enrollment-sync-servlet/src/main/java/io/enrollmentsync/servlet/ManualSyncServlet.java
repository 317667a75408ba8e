package io.enrollmentsync.servlet;

import io.enrollmentsync.metrics.SyncMetrics;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/enrollments/sync}: runs one poll now and answers its summary; 409 while a run
 * is under way, 502 when it failed, 404 when polling is not configured.
 */
final class ManualSyncServlet extends AdminServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ManualSyncServlet.class);

  private final transient AtomicBoolean running = new AtomicBoolean();
  private final transient ManualSync sync;

  /** Creates the servlet; {@code sync} is null when polling is not configured. */
  ManualSyncServlet(ManualSync sync, AdminOptions options, SyncMetrics metrics) {
    super(options, metrics);
    this.sync = sync;
  }

  @Override
  void handle(String method, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"POST".equals(method)) {
      methodNotAllowed(resp, "POST");
      return;
    }
    if (sync == null) {
      Json.error(resp, 404, "polling_not_configured", "manual sync needs the poller: configure"
          + " Thinkific API access (API_KEY and API_SUBDOMAIN in the examples) and restart");
      return;
    }
    if (!running.compareAndSet(false, true)) {
      alreadyRunning(resp);
      return;
    }
    try {
      run(sync, resp);
    } finally {
      running.set(false);
    }
  }

  private static void run(ManualSync sync, HttpServletResponse resp) throws IOException {
    ManualSync.Result result = sync.runNow();
    if (result.outcome() == ManualSync.Outcome.FAILED) {
      LOG.debug("Manual sync failed; the summary in the answer says why");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", result.outcome().name().toLowerCase(Locale.ROOT));
    if (result.outcome() == ManualSync.Outcome.BUSY) {
      body.put("error", "sync_running");
      body.put("message", "a sync run is already under way, here or on another instance; wait"
          + " for it to finish and try again");
    }
    body.put("summary", result.summary());
    Json.write(resp, result.outcome().status(), body);
  }

  private static void alreadyRunning(HttpServletResponse resp) throws IOException {
    Json.error(resp, 409, "sync_running",
        "a sync run is already under way; wait for it to finish and try again");
  }
}
