package io.enrollmentsync.servlet;

import io.enrollmentsync.SyncException;
import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.metrics.SyncMetrics;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/enrollments/sync}: runs one poll now and answers its summary; 409 while a run
 * is under way, 404 when polling is not configured.
 */
final class ManualSyncServlet extends AdminServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ManualSyncServlet.class);

  private final transient AtomicBoolean running = new AtomicBoolean();

  ManualSyncServlet(AdminOptions options, SyncMetrics metrics) {
    super(options, metrics);
  }

  @Override
  void handle(String method, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"POST".equals(method)) {
      methodNotAllowed(resp, "POST");
      return;
    }
    ManualSync sync = options().manualSync();
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
    Object summary;
    try {
      summary = sync.runNow();
    } catch (IllegalStateException e) {
      alreadyRunning(resp);
      return;
    } catch (SyncStoreUnavailableException e) {
      throw e;
    } catch (SyncException e) {
      LOG.warn("Manual sync failed: {}", e.getMessage());
      Json.error(resp, 502, "sync_failed", "the sync run failed: " + e.getMessage());
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "completed");
    body.put("summary", summary);
    Json.write(resp, 200, body);
  }

  private static void alreadyRunning(HttpServletResponse resp) throws IOException {
    Json.error(resp, 409, "sync_running",
        "a sync run is already under way; wait for it to finish and try again");
  }
}
