package io.enrollmentsync.examples.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers 404 for every path nothing else serves, whatever the method. Jetty's default servlet
 * would answer 405 to a POST there, which reads as if an endpoint existed (such as the admin API
 * when it is not mounted).
 */
final class NotFoundServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final byte[] BODY = "{\"error\":\"not_found\",\"message\":\"no such endpoint\"}"
      .getBytes(StandardCharsets.UTF_8);

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
    resp.setContentType("application/json");
    resp.setContentLength(BODY.length);
    resp.getOutputStream().write(BODY);
  }
}
