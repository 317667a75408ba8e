package io.enrollmentsync.servlet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enrollmentsync.internal.EventCodec;
import io.enrollmentsync.internal.Texts;
import io.enrollmentsync.metrics.SyncMetrics;
import io.enrollmentsync.spi.DeadLetter;
import io.enrollmentsync.spi.DeadLetterStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters under {@code /api/enrollments/dead-letters}: {@code GET} lists a page, {@code GET
 * /{id}} shows one, {@code POST /{id}/replay} and {@code POST /replay} put them back in the
 * queue, {@code DELETE /{id}} discards one.
 */
final class DeadLetterServlet extends AdminServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterServlet.class);
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 1000;
  private static final String REPLAY = "replay";
  private static final int MAX_SHOWN_ID = 64;
  private static final int MAX_SHOWN_REASON = 200;

  private final transient DeadLetterStore store;

  DeadLetterServlet(DeadLetterStore store, AdminOptions options, SyncMetrics metrics) {
    super(options, metrics);
    this.store = store;
  }

  @Override
  void handle(String method, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    String[] parts = path == null || path.equals("/") ? new String[0]
        : path.substring(1).split("/", -1);
    if (parts.length == 0) {
      if (!"GET".equals(method)) {
        methodNotAllowed(resp, "GET");
        return;
      }
      list(req, resp);
    } else if (parts.length == 1 && REPLAY.equals(parts[0]) && "POST".equals(method)) {
      replayAll(resp);
    } else if (parts.length == 1 && !parts[0].isEmpty()) {
      one(method, parts[0], resp);
    } else if (parts.length == 2 && REPLAY.equals(parts[1]) && !parts[0].isEmpty()) {
      if (!"POST".equals(method)) {
        methodNotAllowed(resp, "POST");
        return;
      }
      replay(parts[0], resp);
    } else {
      Json.error(resp, 404, "not_found", "no such dead-letter endpoint; see docs/admin-api.md");
    }
  }

  private void list(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String after = req.getParameter("after");
    if (after != null && after.isBlank()) {
      after = null;
    }
    Integer limit = limit(req.getParameter("limit"));
    if (limit == null) {
      Json.error(resp, 400, "bad_limit", "limit must be a whole number from 1 to " + MAX_LIMIT
          + ", default " + DEFAULT_LIMIT);
      return;
    }
    List<DeadLetter> page;
    try {
      page = store.list(after, limit);
    } catch (IllegalArgumentException e) {
      Json.error(resp, 400, "bad_after", "after must be the id of a dead letter from a previous"
          + " page" + storeReason(e.getMessage(), after));
      return;
    }
    ObjectNode json = EventCodec.object();
    json.put("total", store.size());
    ArrayNode items = json.putArray("items");
    for (DeadLetter d : page) {
      items.add(AdminJson.deadLetter(d, options().showPayloads()));
    }
    if (page.size() == limit) {
      json.put("next", page.get(page.size() - 1).id());
    } else {
      json.putNull("next");
    }
    Json.write(resp, 200, json);
  }

  private void one(String method, String id, HttpServletResponse resp) throws IOException {
    switch (method) {
      case "GET" -> {
        Optional<DeadLetter> found = store.get(id);
        if (found.isEmpty()) {
          notFound(resp, id);
          return;
        }
        Json.write(resp, 200, AdminJson.deadLetter(found.get(), options().showPayloads()));
      }
      case "DELETE" -> {
        if (!store.discard(id)) {
          notFound(resp, id);
          return;
        }
        LOG.info("Dead letter {} discarded by an admin request", id);
        Json.write(resp, 200, EventCodec.object().put("id", id).put("discarded", true));
      }
      default -> methodNotAllowed(resp, "GET, DELETE");
    }
  }

  private void replay(String id, HttpServletResponse resp) throws IOException {
    if (!store.replay(id)) {
      notFound(resp, id);
      return;
    }
    LOG.info("Dead letter {} replayed by an admin request", id);
    Json.write(resp, 200, EventCodec.object().put("id", id).put("replayed", true));
  }

  private void replayAll(HttpServletResponse resp) throws IOException {
    int n = store.replayAll();
    LOG.info("{} dead letters replayed by an admin request", n);
    Json.write(resp, 200, EventCodec.object().put("replayed", n));
  }

  private static void notFound(HttpServletResponse resp, String id) throws IOException {
    String shown = Texts.printable(id, MAX_SHOWN_ID);
    Json.error(resp, 404, "not_found", "no dead letter with id '" + shown + "'; list them with"
        + " GET on the dead-letters path");
  }

  /**
   * The store's reason for refusing {@code after}, which names the id format it expects, without
   * the value itself. The built-in stores quote the value at the end of the message ({@code ...
   * but was '<value>'}); only that quote is replaced, so that a value such as {@code -} that also
   * occurs in the format hint leaves the hint intact. A message that holds the value elsewhere is
   * left out. The rest is made printable and abbreviated.
   */
  private static String storeReason(String message, String after) {
    if (message == null || message.isEmpty()) {
      return "";
    }
    String quoted = "'" + after + "'";
    int at = message.lastIndexOf(quoted);
    String reason;
    if (at >= 0) {
      reason = message.substring(0, at) + "'<after>'" + message.substring(at + quoted.length());
    } else if (message.contains(after)) {
      return "";
    } else {
      reason = message;
    }
    return ": " + Texts.printable(reason, MAX_SHOWN_REASON);
  }


  private static Integer limit(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(value.trim());
      return n >= 1 && n <= MAX_LIMIT ? n : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
