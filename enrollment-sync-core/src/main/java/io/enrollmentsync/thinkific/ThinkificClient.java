package io.enrollmentsync.thinkific;

import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.JsonNode;
import io.enrollmentsync.SyncApiException;
import io.enrollmentsync.SyncAuthenticationException;
import io.enrollmentsync.internal.EventCodec;
import io.enrollmentsync.internal.Texts;
import io.enrollmentsync.metrics.SyncMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads enrollments from the Thinkific Admin API, following the rules in the Thinkific notes.
 *
 * <ul>
 *   <li>{@code GET /enrollments} with {@code page}, {@code limit} and the filters {@code
 *       query[updated_after]} and {@code query[updated_before]}, brackets URL-encoded, dates as
 *       whole seconds in UTC.
 *   <li>A client-side limit of {@link ThinkificConfig#requestsPerMinute()} requests in any 60
 *       seconds; when the API reports its budget spent ({@code RateLimit-Remaining: 0}) the next
 *       request waits for the reset.
 *   <li>429 waits as {@code Retry-After} and {@code RateLimit-Reset} say (60 seconds when neither
 *       does, always capped), then tries again; 408, 5xx and Cloudflare's 52x, whose bodies are
 *       HTML and never parsed, and network errors are retried with capped exponential backoff and
 *       jitter; all of them at most {@link ThinkificConfig#maxAttempts()} times.
 *   <li>401 and 403 throw {@link SyncAuthenticationException} at once, never retried. Other
 *       answers throw {@link SyncApiException}.
 *   <li>Redirects are not followed, so credentials never travel to another host.
 * </ul>
 *
 * <p>Credentials travel in headers only; no message or log line carries them. The client is
 * thread-safe and its rate limit is shared by all threads that use it.
 *
 * @since 0.1.0
 */
public final class ThinkificClient {
  private static final Logger LOG = LoggerFactory.getLogger(ThinkificClient.class);
  private static final DateTimeFormatter WHOLE_SECONDS = DateTimeFormatter.ISO_INSTANT;
  private static final int MAX_ERROR_TEXT = 200;

  private final ThinkificConfig config;
  private final SyncMetrics metrics;
  private final HttpClient http;
  private final RequestRateLimiter limiter;

  /**
   * Creates a client with metrics of its own.
   *
   * @param config where and how to connect
   * @since 0.1.0
   */
  public ThinkificClient(ThinkificConfig config) {
    this(config, new SyncMetrics());
  }

  /**
   * Creates a client that times its requests in the given metrics.
   *
   * @param config where and how to connect
   * @param metrics where request timings, retries and rate-limit waits are counted
   * @since 0.1.0
   */
  public ThinkificClient(ThinkificConfig config, SyncMetrics metrics) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
    this.http = HttpClient.newBuilder()
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.limiter =
        new RequestRateLimiter(config.requestsPerMinute(), config.clock(), config.sleeper());
  }

  /**
   * Returns the configuration.
   *
   * @return the configuration
   * @since 0.1.0
   */
  public ThinkificConfig config() {
    return config;
  }

  /**
   * Reads one page of enrollments updated inside a window, {@link ThinkificConfig#pageSize()}
   * items at most.
   *
   * @param updatedAfter sent as {@code query[updated_after]}, truncated to the second; null for
   *     no lower bound
   * @param updatedBefore sent as {@code query[updated_before]}, truncated to the second; null for
   *     no upper bound
   * @param page the page, from 1
   * @return the page
   * @throws SyncAuthenticationException on 401 or 403
   * @throws SyncApiException when the API refuses, keeps failing or answers something unreadable
   * @throws InterruptedException when the thread is interrupted while waiting
   * @since 0.1.0
   */
  public EnrollmentPage fetchEnrollments(Instant updatedAfter, Instant updatedBefore, int page)
      throws InterruptedException {
    if (page < 1) {
      throw new IllegalArgumentException("page must be at least 1, but was " + page);
    }
    String path = enrollmentsPath(updatedAfter, updatedBefore, page, config.pageSize());
    HttpResponse<byte[]> response = get(path);
    try {
      return toPage(parse(response, "GET " + path), page, path, serverTime(response));
    } catch (SyncApiException e) {
      throw failed(e);
    }
  }

  /**
   * Reads every page of enrollments updated inside a window, from page 1 to the page whose {@code
   * next_page} is null or whose body has no pagination, handing each page over as it arrives. A
   * page with rows whose {@code next_page} is null while its {@code total_pages} says more is not
   * taken as the last: the walk reads on until a page is empty or the count is reached.
   *
   * <p>Offset pages shift when rows change during a walk; a caller that must not miss rows walks
   * narrow windows that fit in one page (as the sync poller does), or walks again.
   *
   * @param updatedAfter the lower bound, or null
   * @param updatedBefore the upper bound, or null
   * @param maxPages the most pages to read; a walk that needs more fails rather than loop forever
   * @param onPage receives each page
   * @return how many pages were read
   * @throws SyncApiException when a page fails, when the API names a next page that does not
   *     move forward, or when the walk would pass {@code maxPages}
   * @throws InterruptedException when the thread is interrupted while waiting
   * @since 0.1.0
   */
  public int walkEnrollments(
      Instant updatedAfter, Instant updatedBefore, int maxPages, Consumer<EnrollmentPage> onPage)
      throws InterruptedException {
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages must be at least 1, but was " + maxPages);
    }
    int page = 1;
    int read = 0;
    while (true) {
      EnrollmentPage current = fetchEnrollments(updatedAfter, updatedBefore, page);
      read++;
      onPage.accept(current);
      Integer next = current.nextPage();
      if (next == null && current.hasMeta() && current.totalPages() != null
          && current.totalPages() > page && !current.items().isEmpty()) {
        // The meta contradicts itself; stopping here would drop the later pages' rows.
        LOG.debug("Page {} has no next_page but total_pages {}; reading page {}", page,
            current.totalPages(), page + 1);
        next = page + 1;
      }
      if (!current.hasMeta() || next == null) {
        return read;
      }
      String path = enrollmentsPath(updatedAfter, updatedBefore, page, config.pageSize());
      if (next <= page) {
        throw new SyncApiException("Thinkific answered GET " + path + " with next_page "
            + next + ", which does not move forward; the walk stops rather than"
            + " loop", 200, "GET " + path, false, null);
      }
      if (read >= maxPages) {
        throw new SyncApiException("GET " + path + " still had a next page after " + read
            + " pages: narrow the window or raise the page cap", 200, "GET " + path, false, null);
      }
      page = next;
    }
  }

  /** Builds the path and query of a page request; the query holds no credentials. */
  static String enrollmentsPath(Instant after, Instant before, int page, int limit) {
    StringBuilder path = new StringBuilder("/enrollments?page=").append(page)
        .append("&limit=").append(limit);
    if (after != null) {
      path.append('&').append(encode("query[updated_after]")).append('=')
          .append(encode(wholeSeconds(after)));
    }
    if (before != null) {
      path.append('&').append(encode("query[updated_before]")).append('=')
          .append(encode(wholeSeconds(before)));
    }
    return path.toString();
  }

  private static String wholeSeconds(Instant instant) {
    return WHOLE_SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private HttpResponse<byte[]> get(String path) throws InterruptedException {
    String request = "GET " + path;
    HttpRequest httpRequest = newRequest(path);
    for (int attempt = 1; ; attempt++) {
      limiter.acquire();
      HttpResponse<byte[]> response;
      try (Timer.Context ignored = metrics.apiTimer().time()) {
        response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        SyncApiException failure = new SyncApiException(
            request + " could not reach Thinkific at " + config.baseUrl().getHost() + " ("
                + e.getClass().getSimpleName() + describe(e) + ") after " + attempt
                + " attempt(s): check the base URL and the network", 0, request, true, e);
        backOff(attempt, failure);
        continue;
      }
      pauseIfExhausted(response);
      int status = response.statusCode();
      LOG.debug("{} answered {} (attempt {})", request, status, attempt);
      if (status >= 200 && status < 300) {
        return response;
      }
      if (status == 401 || status == 403) {
        throw failed(authenticationError(status, request));
      }
      if (status == 429) {
        rateLimited(attempt, response, request);
        continue;
      }
      if (status == 408 || status >= 500) {
        SyncApiException failure = new SyncApiException("Thinkific answered " + status + " to "
            + request + " " + attempt + " time(s) in a row (a transient server or Cloudflare"
            + " error): a later run tries again", status, request, true, null);
        backOff(attempt, failure);
        continue;
      }
      if (status >= 300 && status < 400) {
        throw failed(new SyncApiException("Thinkific answered " + request + " with a " + status
            + " redirect to " + redirectHost(response) + "; redirects are not followed, so the"
            + " credentials never leave " + config.baseUrl().getHost() + ": check the base URL"
            + " (https, host and the path /api/public/v1)", status, request, false, null));
      }
      throw failed(new SyncApiException("Thinkific refused " + request + " with " + status
          + errorText(response) + ": check the request filters and the API version",
          status, request, false, null));
    }
  }

  /** Counts a call that failed for good (no retry), and returns its exception to throw. */
  private <E extends SyncApiException> E failed(E failure) {
    metrics.pollCount("api_errors", 1);
    return failure;
  }

  private HttpRequest newRequest(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
        .GET()
        .timeout(config.requestTimeout())
        .header("Accept", "application/json")
        .header("User-Agent", config.userAgent());
    if (config.usesBearerToken()) {
      builder.header("Authorization", "Bearer " + config.bearerToken());
    } else {
      builder.header("X-Auth-API-Key", config.apiKey());
      builder.header("X-Auth-Subdomain", config.subdomain());
    }
    return builder.build();
  }

  private void backOff(int attempt, SyncApiException failure) throws InterruptedException {
    metrics.pollCount("api_errors", 1);
    if (attempt >= config.maxAttempts()) {
      throw failure;
    }
    Duration wait = backoff(attempt);
    LOG.debug("{} failed with {} (attempt {} of {}); retrying in {} ms", failure.requestPath(),
        failure.statusCode() == 0 ? "a network error" : "status " + failure.statusCode(), attempt,
        config.maxAttempts(), wait.toMillis());
    metrics.pollCount("api_retries", 1);
    config.sleeper().sleep(wait);
  }

  /** Exponential from the initial backoff, capped, each wait drawn from half to all of it. */
  Duration backoff(int failedAttempts) {
    long initial = config.initialBackoff().toMillis();
    long cap = config.maxBackoff().toMillis();
    long base = initial;
    for (int i = 1; i < failedAttempts && base < cap; i++) {
      base = base * 2;
    }
    base = Math.min(base, cap);
    long half = base / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
  }

  private void rateLimited(int attempt, HttpResponse<byte[]> response, String request) {
    metrics.pollCount("api_rate_limited", 1);
    Duration wait = RateLimitHeaders.waitAfterTooManyRequests(
        response.headers(), config.clock().instant(), config.maxRateLimitWait());
    if (attempt >= config.maxAttempts()) {
      throw new SyncApiException("Thinkific answered 429 Too Many Requests to " + request + " "
          + attempt + " time(s) in a row: lower requestsPerMinute if the host calls the API too;"
          + " a later run tries again", 429, request, true, null);
    }
    LOG.warn("Thinkific rate limit reached on {} (attempt {} of {}); waiting {} ms. Lower"
        + " requestsPerMinute if this repeats", request, attempt, config.maxAttempts(),
        wait.toMillis());
    limiter.pauseFor(wait);
  }

  private void pauseIfExhausted(HttpResponse<byte[]> response) {
    if (response.statusCode() == 429) {
      return;
    }
    RateLimitHeaders.waitWhenExhausted(
        response.headers(), config.clock().instant(), config.maxRateLimitWait())
        .ifPresent(wait -> {
          LOG.debug("Thinkific budget spent; next request waits {} ms", wait.toMillis());
          limiter.pauseFor(wait);
        });
  }

  private SyncAuthenticationException authenticationError(int status, String request) {
    String hint = status == 401
        ? "the API key, subdomain or OAuth token is wrong, or the site's plan has no API access"
        : "the credentials are valid but not allowed to read enrollments (check the OAuth scopes"
            + " or the API key's permissions)";
    return new SyncAuthenticationException("Thinkific refused " + request + " with " + status
        + ": " + hint + ". Fix the configuration; the request is not retried",
        status, request);
  }

  private static JsonNode parse(HttpResponse<byte[]> response, String request) {
    int status = response.statusCode();
    try {
      JsonNode body = EventCodec.MAPPER.readTree(response.body());
      if (body != null && body.isObject()) {
        return body;
      }
    } catch (IOException | RuntimeException e) {
      // handled below: the body is not JSON (Jackson throws NumberFormatException for some
      // numbers it cannot hold, so unchecked failures count as unreadable too)
    }
    String type = response.headers().firstValue("Content-Type").orElse("none");
    throw new SyncApiException("Thinkific answered " + status + " to " + request + " with a body"
        + " that is not a JSON object (content type " + Texts.abbreviate(type, MAX_ERROR_TEXT)
        + "): check the base URL; it should end with /api/public/v1", status, request, false,
        null);
  }

  private static EnrollmentPage toPage(
      JsonNode body, int page, String path, Instant serverTime) {
    JsonNode items = body.get("items");
    if (items == null || !items.isArray()) {
      throw new SyncApiException("Thinkific answered GET " + path + " without an items array:"
          + " check the base URL", 200, "GET " + path, false, null);
    }
    List<JsonNode> list = new ArrayList<>(items.size());
    items.forEach(list::add);
    JsonNode pagination = body.path("meta").path("pagination");
    if (!pagination.isObject()) {
      return new EnrollmentPage(list, page, false, null, null, null, serverTime);
    }
    Long next = number(pagination.get("next_page"));
    Long totalPages = number(pagination.get("total_pages"));
    return new EnrollmentPage(list, page, true,
        next == null ? null : (int) Math.min(next, Integer.MAX_VALUE),
        totalPages == null ? null : (int) Math.min(totalPages, Integer.MAX_VALUE),
        number(pagination.get("total_items")), serverTime);
  }

  /** Reads the answer's {@code Date} header, Thinkific's clock; null when absent or unreadable. */
  private static Instant serverTime(HttpResponse<byte[]> response) {
    try {
      return response.headers().firstValue("Date")
          .map(date -> ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME))
          .map(ZonedDateTime::toInstant)
          .orElse(null);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Reads a pagination number sent as a JSON number or a string of digits; null otherwise. */
  private static Long number(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isTextual() && node.asText().trim().matches("\\d{1,18}")) {
      return Long.parseLong(node.asText().trim());
    }
    return null;
  }

  /** Quotes the API's error text, short; it describes the request, never a credential. */
  private static String errorText(HttpResponse<byte[]> response) {
    try {
      JsonNode body = EventCodec.MAPPER.readTree(response.body());
      if (body != null && body.has("error")) {
        return " (" + Texts.abbreviate(body.get("error").asText(), MAX_ERROR_TEXT) + ")";
      }
      if (body != null && body.has("errors")) {
        return " (" + Texts.abbreviate(body.get("errors").toString(), MAX_ERROR_TEXT) + ")";
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: an HTML error page says nothing useful
    }
    return "";
  }

  /** Names only the host a redirect points at: a Location may carry user info or a token. */
  private static String redirectHost(HttpResponse<byte[]> response) {
    String location = response.headers().firstValue("Location").orElse("");
    try {
      String host = URI.create(location.trim()).getHost();
      return host == null ? "another path" : "host " + Texts.abbreviate(host, MAX_ERROR_TEXT);
    } catch (IllegalArgumentException e) {
      return "an unreadable location";
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? "" : ": " + Texts.abbreviate(e.getMessage(), MAX_ERROR_TEXT);
  }

}
