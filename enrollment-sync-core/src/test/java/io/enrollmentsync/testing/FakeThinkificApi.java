package io.enrollmentsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A fake Thinkific Admin API on 127.0.0.1 and a free port, for tests.
 *
 * <p>It keeps a set of enrollment items, sorted by id as the real API seems to, and answers {@code
 * GET /api/public/v1/enrollments} from them with real offset paging, so that rows changed during a
 * walk shift the pages as they do on Thinkific. Filters compare whole seconds, the pessimistic
 * reading of the notes: {@code query[updated_after]=A} keeps items whose {@code updated_at},
 * truncated to the second, is after A, and {@code query[updated_before]=B} those before B.
 *
 * <p>Tests can script answers (a 429, an HTML 520, a 401) and hook into every request; every
 * request is recorded.
 */
public final class FakeThinkificApi implements AutoCloseable {
  /** The API key the fake accepts. */
  public static final String API_KEY = "fake-api-key-0001";

  /** The subdomain the fake accepts. */
  public static final String SUBDOMAIN = "acme";

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server writes headers and body apart; without this, Nagle's algorithm and delayed
    // ACKs add about 40 ms to every answer.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final Map<Long, ObjectNode> rows = new LinkedHashMap<>();
  private final Deque<Answer> scripted = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Request, Answer> interceptor = r -> null;
  private volatile Function<Request, byte[]> verbatimPages;

  /** One request as the fake saw it. */
  public record Request(int number, String rawQuery, Map<String, String> query,
      Map<String, String> headers) {
    /**
     * Returns a decoded query parameter.
     *
     * @param name such as {@code query[updated_after]}
     * @return the value, or null
     */
    public String param(String name) {
      return query.get(name);
    }

    /**
     * Returns the requested page.
     *
     * @return the page, 1 when absent
     */
    public int page() {
      String page = query.get("page");
      return page == null ? 1 : Integer.parseInt(page);
    }

    /**
     * Returns a header, by lower-case name.
     *
     * @param name the name
     * @return the value, or null
     */
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** A scripted answer. */
  public record Answer(int status, Map<String, String> headers, String contentType, byte[] body) {
    /**
     * An answer with a JSON body.
     *
     * @param status the status
     * @param json the body
     * @return the answer
     */
    public static Answer json(int status, String json) {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      return new Answer(status, Map.of(), "application/json", body);
    }

    /**
     * An answer with an HTML body, as Cloudflare sends for 52x.
     *
     * @param status the status
     * @return the answer
     */
    public static Answer html(int status) {
      String page = "<!DOCTYPE html><html><head><title>" + status + ": Web server is returning an"
          + " unknown error</title></head><body>cloudflare</body></html>";
      return new Answer(status, Map.of(), "text/html; charset=UTF-8",
          page.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A 429 with the given headers.
     *
     * @param headers such as {@code RateLimit-Reset}
     * @return the answer
     */
    public static Answer tooManyRequests(Map<String, String> headers) {
      return new Answer(429, headers, "application/json",
          "{\"error\":\"Too Many Requests\"}".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns a copy with one more header.
     *
     * @param name the name
     * @param value the value
     * @return the copy
     */
    public Answer withHeader(String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.put(name, value);
      return new Answer(status, copy, contentType, body);
    }
  }

  private FakeThinkificApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/public/v1/enrollments", this::handle);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-thinkific");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /**
   * Starts a fake with no enrollments.
   *
   * @return the running fake
   */
  public static FakeThinkificApi start() {
    try {
      return new FakeThinkificApi();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the base URL to configure the client with.
   *
   * @return such as {@code http://127.0.0.1:41234/api/public/v1}
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/public/v1";
  }

  /**
   * Adds or replaces the items of both shared sample pages.
   *
   * @return this fake
   */
  public FakeThinkificApi putSamplePages() {
    for (int page = 1; page <= 2; page++) {
      for (JsonNode item : readTree(SampleDeliveries.apiPage(page)).get("items")) {
        put((ObjectNode) item.deepCopy());
      }
    }
    return this;
  }

  /**
   * Serves the given bytes for each page number, whatever the filters, instead of the item set.
   *
   * @param pages returns the body for a request, or null for a 404
   * @return this fake
   */
  public FakeThinkificApi serveVerbatim(Function<Request, byte[]> pages) {
    this.verbatimPages = pages;
    return this;
  }

  /**
   * Adds or replaces one item, by id.
   *
   * @param item the item; needs {@code id} and {@code updated_at}
   */
  public synchronized void put(ObjectNode item) {
    rows.put(item.get("id").asLong(), item);
  }

  /**
   * Adds or replaces a minimal valid item.
   *
   * @param id the enrollment id
   * @param updatedAt its {@code updated_at}, ISO-8601
   */
  public void put(long id, String updatedAt) {
    put(item(id, updatedAt, 0.5));
  }

  /**
   * Changes an item's {@code updated_at} and percentage, as an admin or a student would.
   *
   * @param id the enrollment id
   * @param updatedAt the new {@code updated_at}, ISO-8601
   * @param percentage the new percentage, a fraction
   */
  public synchronized void update(long id, String updatedAt, double percentage) {
    ObjectNode row = rows.get(id);
    if (row == null) {
      throw new IllegalArgumentException("no item " + id);
    }
    row.put("updated_at", updatedAt);
    row.put("percentage_completed", percentage);
  }

  /**
   * Builds a minimal valid API item.
   *
   * @param id the enrollment id
   * @param updatedAt its {@code updated_at}
   * @param percentage a fraction
   * @return the item
   */
  public static ObjectNode item(long id, String updatedAt, double percentage) {
    ObjectNode item = JSON.createObjectNode();
    item.put("id", id);
    item.put("user_id", 300000 + id % 1000);
    item.put("user_email", "student" + id + "@example.com");
    item.put("course_id", 5021);
    item.put("course_name", "Intro to Sourdough");
    item.put("percentage_completed", percentage);
    item.put("completed", false);
    item.put("expired", false);
    item.put("is_free_trial", false);
    item.putNull("started_at");
    item.putNull("activated_at");
    item.putNull("completed_at");
    item.putNull("expiry_date");
    item.put("updated_at", updatedAt);
    return item;
  }

  /**
   * Queues answers served, in order, before anything else.
   *
   * @param answers the answers
   */
  public synchronized void enqueue(Answer... answers) {
    scripted.addAll(List.of(answers));
  }

  /**
   * Sets a hook that sees every request before it is answered and may answer it itself (return
   * non-null) or block; returns null to let the fake answer.
   *
   * @param hook the hook
   */
  public void intercept(Function<Request, Answer> hook) {
    this.interceptor = hook;
  }

  /**
   * Returns every request so far, in order.
   *
   * @return the requests
   */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request = record(exchange);
      Answer answer = interceptor.apply(request);
      if (answer == null) {
        answer = nextScripted();
      }
      if (answer == null) {
        answer = answer(request);
      }
      send(exchange, answer);
    } catch (RuntimeException e) {
      send(exchange, Answer.json(500, "{\"error\":\"fake failed: " + e + "\"}"));
    }
  }

  private synchronized Answer nextScripted() {
    return scripted.pollFirst();
  }

  private Request record(HttpExchange exchange) {
    String raw = exchange.getRequestURI().getRawQuery();
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        query.put(name, value);
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) ->
        headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
    synchronized (requests) {
      Request request = new Request(requests.size() + 1, raw, query, headers);
      requests.add(request);
      return request;
    }
  }

  private Answer answer(Request request) {
    boolean keyOk = API_KEY.equals(request.header("X-Auth-API-Key"))
        && SUBDOMAIN.equals(request.header("X-Auth-Subdomain"));
    boolean tokenOk = ("Bearer " + API_KEY).equals(request.header("Authorization"));
    if (!keyOk && !tokenOk) {
      return Answer.json(401, "{\"error\":\"Authentication Error\"}");
    }
    Function<Request, byte[]> verbatim = verbatimPages;
    if (verbatim != null) {
      byte[] body = verbatim.apply(request);
      return body == null
          ? Answer.json(404, "{\"error\":\"Record not found.\"}")
          : new Answer(200, Map.of(), "application/json", body);
    }
    return Answer.json(200, page(request));
  }

  private synchronized String page(Request request) {
    Instant after = instant(request.param("query[updated_after]"));
    Instant before = instant(request.param("query[updated_before]"));
    int limit = request.param("limit") == null ? 25 : Integer.parseInt(request.param("limit"));
    int page = request.page();
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode row : rows.values()) {
      Instant second =
          Instant.parse(row.get("updated_at").asText()).truncatedTo(ChronoUnit.SECONDS);
      if ((after == null || second.isAfter(after)) && (before == null || second.isBefore(before))) {
        matching.add(row);
      }
    }
    matching.sort(Comparator.comparingLong(r -> r.get("id").asLong()));
    int totalPages = Math.max(1, (matching.size() + limit - 1) / limit);
    int from = Math.min((page - 1) * limit, matching.size());
    int to = Math.min(from + limit, matching.size());
    ObjectNode body = JSON.createObjectNode();
    ArrayNode items = body.putArray("items");
    matching.subList(from, to).forEach(r -> items.add(r.deepCopy()));
    ObjectNode pagination = body.putObject("meta").putObject("pagination");
    pagination.put("current_page", page);
    if (page < totalPages) {
      pagination.put("next_page", page + 1);
    } else {
      pagination.putNull("next_page");
    }
    if (page > 1) {
      pagination.put("prev_page", page - 1);
    } else {
      pagination.putNull("prev_page");
    }
    pagination.put("total_pages", totalPages);
    pagination.put("total_items", matching.size());
    pagination.put("entries_info", (from + 1) + "-" + to + " of " + matching.size());
    return body.toString();
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static Instant instant(String value) {
    return value == null ? null : Instant.parse(value);
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    int length = answer.body().length;
    exchange.sendResponseHeaders(answer.status(), length == 0 ? -1 : length);
    if (length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    }
  }

  /**
   * Parses JSON, for tests that compare pages.
   *
   * @param bytes the JSON
   * @return the tree
   */
  public static JsonNode readTree(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
