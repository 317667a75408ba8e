package io.enrollmentsync.examples.jetty;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers what Jetty rejects before any servlet runs (a request it cannot parse, an ambiguous
 * path, headers too large) with the same kind of JSON body as the rest of the example, instead
 * of Jetty's HTML page. The message is Jetty's short reason, never a header's value or a stack.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final int MAX_MESSAGE = 200;

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
  }

  static byte[] body(int status, String message) {
    String phrase = HttpStatus.getMessage(status);
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("error", phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"));
    String text = message == null || message.isBlank() ? phrase : message;
    json.put("message", text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) : text);
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }
}
