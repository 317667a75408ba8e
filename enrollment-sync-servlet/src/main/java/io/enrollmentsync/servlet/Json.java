package io.enrollmentsync.servlet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enrollmentsync.internal.EventCodec;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes small JSON answers; package-private helper of the servlets. */
final class Json {
  private Json() {}

  static void write(HttpServletResponse resp, int status, byte[] body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
    resp.setHeader("Cache-Control", "no-store");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  static void write(HttpServletResponse resp, int status, Object value) throws IOException {
    write(resp, status, EventCodec.MAPPER.writeValueAsBytes(value));
  }

  static void error(HttpServletResponse resp, int status, String error, String message)
      throws IOException {
    error(resp, status, null, error, message);
  }

  /** An error with an outcome in {@code status}, the shape of the webhook receiver's answers. */
  static void error(HttpServletResponse resp, int status, String outcome, String error,
      String message) throws IOException {
    ObjectNode json = EventCodec.object();
    if (outcome != null) {
      json.put("status", outcome);
    }
    json.put("error", error);
    json.put("message", message);
    write(resp, status, json.toString().getBytes(StandardCharsets.UTF_8));
  }
}
