package io.enrollmentsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.webhook.WebhookReceiver;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/**
 * A real Jetty on a free port with the servlets mounted by {@link EnrollmentSyncServlets}, and a
 * JDK client to call it.
 *
 * <p>A test filter stands in for container security: a request with {@code X-Test-User} is seen
 * as signed in as that user, with the roles listed in {@code X-Test-Roles}.
 */
final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Server server = new Server(0);
  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<String, ?> mounted;

  TestServer(EnrollmentSync sync, AdminOptions admin) throws Exception {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    Filter fakeLogin = (req, resp, chain) -> chain.doFilter(signedIn((HttpServletRequest) req),
        resp);
    context.addFilter(new FilterHolder(fakeLogin), "/*", EnumSet.of(DispatcherType.REQUEST));
    mounted = EnrollmentSyncServlets.register(
        (path, servlet) -> context.addServlet(new ServletHolder(servlet), path), sync, admin);
    server.setHandler(context);
    server.start();
  }

  Map<String, ?> mounted() {
    return mounted;
  }

  /** An answer with its body parsed when it is JSON. */
  record Answer(int status, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + raw.body(), e);
      }
    }

    String body() {
      return raw.body();
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  Answer call(String method, String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  Answer postDelivery(SampleDeliveries.Delivery d) {
    return send(HttpRequest.newBuilder(uri(EnrollmentSyncServlets.WEBHOOK_PATH))
        .header("Content-Type", "application/json")
        .header(WebhookReceiver.SIGNATURE_HEADER, d.signature())
        .header("X-Thinkific-Topic", d.topic())
        .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
        .build());
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getURI().getPort() + path);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private static HttpServletRequest signedIn(HttpServletRequest req) {
    String user = req.getHeader("X-Test-User");
    if (user == null) {
      return req;
    }
    String roles = "," + req.getHeader("X-Test-Roles") + ",";
    return new HttpServletRequestWrapper(req) {
      @Override
      public Principal getUserPrincipal() {
        return () -> user;
      }

      @Override
      public boolean isUserInRole(String role) {
        return roles.contains("," + role + ",");
      }
    };
  }
}
