package io.enrollmentsync.servlet;

import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.metrics.SyncMetrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of every admin servlet: lets a request in only with the admin token or the configured
 * container role, answers 401 and 403 as JSON, and turns an unreachable store into a 503.
 */
abstract class AdminServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AdminServlet.class);
  private static final String REALM = "Bearer realm=\"enrollment-sync\"";

  private final transient AdminOptions options;
  private final transient SyncMetrics metrics;

  AdminServlet(AdminOptions options, SyncMetrics metrics) {
    this.options = Objects.requireNonNull(options, "options == null");
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
    if (!options.enabled()) {
      throw new IllegalArgumentException("admin servlets need a token or a container role in"
          + " AdminOptions; with neither, do not mount them");
    }
  }

  AdminOptions options() {
    return options;
  }

  /**
   * Handles a request that was let in.
   *
   * @param method the HTTP method
   */
  abstract void handle(String method, HttpServletRequest req, HttpServletResponse resp)
      throws IOException;

  @Override
  protected final void service(HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    if (!authorized(req, resp)) {
      return;
    }
    try {
      if ("HEAD".equals(req.getMethod())) {
        // HEAD is GET without the body: the same status, headers and Content-Length.
        handle("GET", req, new HeadResponse(resp));
      } else {
        handle(req.getMethod(), req, resp);
      }
    } catch (SyncStoreUnavailableException e) {
      LOG.warn("Admin request {} {} failed, the store is unavailable: {}", req.getMethod(),
          req.getRequestURI(), e.getMessage());
      resp.setHeader("Retry-After", "5");
      Json.error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "store_unavailable",
          "the queue's store cannot be reached; retry later");
    } catch (RuntimeException e) {
      LOG.error("Admin request {} {} failed unexpectedly", req.getMethod(), req.getRequestURI(), e);
      Json.error(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal_error",
          "the request failed; see the server log");
    }
  }

  private boolean authorized(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String role = options.containerRole();
    if (role != null && req.getUserPrincipal() != null && req.isUserInRole(role)) {
      return true;
    }
    AdminTokenGuard guard = options.tokenGuard();
    if (guard == null) {
      return containerOnly(req, resp, role);
    }
    List<String> headers = Collections.list(req.getHeaders("Authorization"));
    AdminTokenGuard.Verdict verdict = headers.size() > 1
        ? AdminTokenGuard.Verdict.MALFORMED
        : guard.check(headers.isEmpty() ? null : headers.get(0));
    switch (verdict) {
      case ALLOWED:
        return true;
      case MISSING:
        deny(req, resp, "missing", 401, REALM, "unauthorized", "this endpoint needs the admin"
            + " token: send the header 'Authorization: Bearer <token>'");
        return false;
      case MALFORMED:
        deny(req, resp, "malformed", 401, REALM + ", error=\"invalid_request\"", "unauthorized",
            "the Authorization header must be one header of the form 'Bearer <token>'");
        return false;
      default:
        deny(req, resp, "wrong", 403, null, "forbidden", "the admin token is not valid; send"
            + " the token this server was configured with");
        return false;
    }
  }

  private boolean containerOnly(HttpServletRequest req, HttpServletResponse resp, String role)
      throws IOException {
    if (req.getUserPrincipal() == null) {
      deny(req, resp, "missing", 401, null, "unauthorized",
          "this endpoint needs a signed-in user with the admin role; sign in first");
    } else {
      deny(req, resp, "forbidden", 403, null, "forbidden",
          "the signed-in user lacks the role '" + role + "' that this endpoint needs");
    }
    return false;
  }

  private void deny(HttpServletRequest req, HttpServletResponse resp, String reason, int status,
      String challenge, String error, String message) throws IOException {
    metrics.adminDenied(reason);
    // Never the header's value: it may be a real token sent to the wrong server.
    LOG.debug("Admin request {} {} refused: {}", req.getMethod(), req.getRequestURI(), reason);
    if (challenge != null) {
      resp.setHeader("WWW-Authenticate", challenge);
    }
    Json.error(resp, status, error, message);
  }

  static void methodNotAllowed(HttpServletResponse resp, String allow) throws IOException {
    resp.setHeader("Allow", allow);
    Json.error(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed",
        "use " + allow.replace(", ", " or ") + " on this path");
  }
}
