package io.enrollmentsync.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enrollmentsync.bench.Deliveries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives the Jetty example over HTTP, with Redis and PostgreSQL behind it, and reports what the
 * issue asks for. One mode per invocation; each starts the app as a child process and stops it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.enrollmentsync.bench.load.LoadHarness MODE [--opt v]
 *
 * MODE       what it measures
 * ingest     HTTP ingest only (worker off): accepted req/s, answer latency
 * drain      queue pre-filled over HTTP (worker off), then the worker alone drains it into
 *            PostgreSQL: events/s (compare with BullMQ process-pg)
 * rate       open loop at --rate (default 1,000/s) with the worker on: e2e lag p50/p95/p99/max
 * sustained  as fast as possible (or --rate) for --duration (default 60 s), worker on: accepted/s
 *            and applied/s over the same window, Redis memory before/after
 * mix        open loop with duplicates and out-of-order progress events; checks the final rows
 * </pre>
 *
 * <p>Every figure is printed and appended as one JSON line to {@code --results}.
 */
public final class LoadHarness {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> opts;
  private final Map<String, String> appEnv = new LinkedHashMap<>();
  private final String mode;
  private final ObjectNode out = JSON.createObjectNode();

  private LoadHarness(String mode, Map<String, String> opts, List<String> extraEnv) {
    this.mode = mode;
    this.opts = opts;
    appEnv.put("THINKIFIC_WEBHOOK_SECRET", Deliveries.SECRET);
    appEnv.put("REDIS_HOST", "127.0.0.1");
    appEnv.put("REDIS_PORT", Integer.toString(redisPort()));
    appEnv.put("DATABASE_URL", opt("jdbc-url", "jdbc:postgresql://127.0.0.1:5432/bench"));
    appEnv.put("DATABASE_USER", opt("db-user", "postgres"));
    appEnv.put("DATABASE_PASSWORD", opt("db-password", ""));
    for (String kv : extraEnv) {
      int eq = kv.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("--app-env takes NAME=VALUE, but was '" + kv + "'");
      }
      appEnv.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
  }

  /**
   * Runs one mode.
   *
   * @param args the mode, then {@code --name value} options
   * @throws Exception when the run cannot be completed
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].startsWith("--")) {
      System.err.println("usage: LoadHarness ingest|drain|rate|sustained|mix [--option value]..."
          + " (see the class comment and benchmarks/README.md)");
      System.exit(2);
    }
    Map<String, String> opts = new HashMap<>();
    List<String> env = new ArrayList<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, but got '" + args[i] + "'");
      }
      if (args[i].equals("--app-env")) {
        env.add(args[i + 1]);
      } else {
        opts.put(args[i].substring(2), args[i + 1]);
      }
    }
    if (!new Deliveries().agreesWithLibrary()) {
      throw new IllegalStateException("the harness signs differently from HmacVerifier");
    }
    // Bounded in time whatever happens: a stuck run must not hold the machine.
    long limitS = Long.parseLong(opts.getOrDefault("time-limit", "600"));
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(TimeUnit.SECONDS.toMillis(limitS));
        System.err.println("TIMEOUT: run exceeded " + limitS + " s");
        Runtime.getRuntime().halt(3);
      } catch (InterruptedException e) {
        // finished in time
      }
    }, "watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    new LoadHarness(args[0], opts, env).run();
    watchdog.interrupt();
  }

  private void run() throws Exception {
    out.put("label", opt("label", mode));
    out.put("run", Integer.parseInt(opt("run", "1")));
    out.put("mode", mode);
    out.put("ts", Instant.now().toString());
    out.put("loadavg", Files.readString(Path.of("/proc/loadavg")).trim());
    try (Probes probes = new Probes(redisPort(), opt("key-prefix", "enrollment-sync"),
        appEnv.get("DATABASE_URL"), appEnv.get("DATABASE_USER"), appEnv.get("DATABASE_PASSWORD"))) {
      switch (mode) {
        case "ingest" -> ingest(probes);
        case "drain" -> drain(probes);
        case "rate" -> withWorker(probes, true);
        case "sustained" -> withWorker(probes, false);
        case "mix" -> withWorker(probes, true);
        default -> throw new IllegalArgumentException("unknown mode '" + mode + "'");
      }
    }
    String line = JSON.writeValueAsString(out);
    System.out.println("RESULT " + line);
    String results = opt("results", "");
    if (!results.isEmpty()) {
      Files.writeString(Path.of(results), line + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  // ---- modes ---------------------------------------------------------------------------------

  /** HTTP ingest alone: verify, dedupe, enqueue; the worker does not run. */
  private void ingest(Probes probes) throws Exception {
    prepare(probes);
    try (AppProcess app = startApp(false)) {
      EventStream events = new EventStream(runId(), intOpt("keyspace", 50_000), 0, 0, false);
      HttpLoad load = load();
      warmUp(load, events);
      long mem0 = probes.usedMemory();
      Window w = Window.open(app, redisPid());
      HttpLoad.Result r =
          load.closedLoop(events, intOpt("connections", 50), seconds("duration", 20));
      w.close(out);
      reportHttp(r);
      out.put("redis_used_memory_before", mem0);
      out.put("redis_used_memory_after", probes.usedMemory());
      out.put("queue_length_after", probes.queueLength());
      reportApp(app);
    }
  }

  /** The worker alone: fill the queue with the worker off, then time a fresh app draining it. */
  private void drain(Probes probes) throws Exception {
    prepare(probes);
    long n = intOpt("events", 200_000);
    int keyspace = intOpt("keyspace", (int) (n / 4));
    EventStream events = new EventStream(runId(), keyspace, 0, 0, true);
    try (AppProcess app = startApp(false)) {
      HttpLoad.Result fill = load().closedLoop(EventStream.limit(events, n),
          intOpt("connections", 50), 0);
      out.put("prefill_accepted", fill.count(202));
      out.put("prefill_req_per_s", Math.round(fill.completed / fill.seconds()));
      reportApp(app, "prefill_");
    }
    long queued = probes.queueLength();
    out.put("queued", queued);
    out.put("keyspace", keyspace);
    long mem0 = probes.usedMemory();
    try (AppProcess app = startApp(true)) {
      // The first acknowledgement marks the start: start-up time is not drain time.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(longOpt("drain-timeout", 300));
      while (probes.queueLength() >= queued && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      long t0 = System.nanoTime();
      Window w = Window.open(app, redisPid());
      while (probes.queueLength() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long t1 = System.nanoTime();
      w.close(out);
      long left = probes.queueLength();
      double secs = (t1 - t0) / 1e9;
      out.put("drained", queued - left);
      out.put("drain_secs", Stats.round(secs, 3));
      out.put("drain_events_per_s", Math.round((queued - left) / secs));
      out.put("rows", probes.rowCount());
      out.put("rows_not_newest", probes.mismatches(events));
      out.put("redis_used_memory_before", mem0);
      out.put("redis_used_memory_after", probes.usedMemory());
      reportApp(app);
    }
  }

  /** Load with the worker running: a fixed rate, as fast as possible, or the mix. */
  private void withWorker(Probes probes, boolean openLoopByDefault) throws Exception {
    prepare(probes);
    boolean mix = mode.equals("mix");
    double rate = Double.parseDouble(opt("rate", openLoopByDefault ? (mix ? "2000" : "1000")
        : "0"));
    int keyspace = intOpt("keyspace", mix ? 2_000 : mode.equals("rate") ? 0 : 50_000);
    double dup = Double.parseDouble(opt("duplicates", mix ? "0.2" : "0"));
    double ooo = Double.parseDouble(opt("out-of-order", mix ? "0.1" : "0"));
    int connections = intOpt("connections", rate > 0 ? 16 : 50);
    try (AppProcess app = startApp(true)) {
      EventStream warm = EventStream.warmUp(runId() + "w", keyspace);
      HttpLoad load = load();
      warmUp(load, warm);
      probes.awaitDrained(60_000);
      long mem0 = probes.usedMemory();
      long depth0 = probes.queueLength();

      EventStream events = new EventStream(runId(), keyspace, dup, ooo, mix);
      long from = System.currentTimeMillis();
      Window w = Window.open(app, redisPid());
      HttpLoad.Result r = run(load, events, connections, rate, seconds("duration",
          mode.equals("sustained") ? 60 : 20));
      long depth1 = probes.queueLength();
      w.close(out);
      long to = System.currentTimeMillis() + 1;
      long memLoaded = probes.usedMemory();
      reportHttp(r);
      long accepted = r.count(202);
      long applied = accepted - (depth1 - depth0);
      out.put("applied_in_window", applied);
      out.put("applied_per_s", Math.round(applied / r.seconds()));
      out.put("queue_length_end_of_load", depth1);

      long drainStart = System.nanoTime();
      boolean drained = probes.awaitDrained(TimeUnit.SECONDS.toMillis(longOpt("drain-timeout",
          120)));
      out.put("drained_after_load", drained);
      out.put("drain_after_load_secs", Stats.round((System.nanoTime() - drainStart) / 1e9, 2));
      reportLag(probes.lagsMs(from, to), keyspace);
      if (mix) {
        out.put("sent_duplicates", events.sentDuplicates());
        out.put("sent_out_of_order", events.sentOutOfOrder());
        out.put("answered_duplicate_200", r.count(200));
        out.put("rows_not_newest", probes.mismatches(events));
      }
      out.put("redis_used_memory_before", mem0);
      out.put("redis_used_memory_loaded", memLoaded);
      out.put("redis_used_memory_drained", probes.usedMemory());
      out.put("redis_keys_drained", probes.keys());
      long retention = longOpt("retention-wait", 0);
      if (retention > 0) {
        Thread.sleep(TimeUnit.SECONDS.toMillis(retention));
        out.put("redis_used_memory_after_retention", probes.usedMemory());
        out.put("redis_keys_after_retention", probes.keys());
      }
      out.put("rows", probes.rowCount());
      reportApp(app);
    }
  }

  /**
   * Warms the app up at a moderate fixed rate: a fresh JVM flooded at once leaves its JIT
   * compiler threads no CPU on 2 cores, and it was still compiling Jetty's paths at tier 2 after
   * 45 s (-XX:+PrintCompilation); at {@code --warmup-rate} the compilers keep up.
   */
  private void warmUp(HttpLoad load, EventStream events) throws IOException {
    load.openLoop(events, 16, Double.parseDouble(opt("warmup-rate", "2000")), seconds("warmup",
        30));
  }

  private static HttpLoad.Result run(HttpLoad load, EventStream events, int connections,
      double rate, long durationNanos) throws IOException {
    return rate > 0
        ? load.openLoop(events, connections, rate, durationNanos)
        : load.closedLoop(events, connections, durationNanos);
  }

  // ---- pieces --------------------------------------------------------------------------------

  private void prepare(Probes probes) throws Exception {
    probes.flushRedis();
    probes.resetTable();
  }

  private AppProcess startApp(boolean worker) throws Exception {
    Map<String, String> env = new LinkedHashMap<>(appEnv);
    env.putIfAbsent("SYNC_WORKER_ENABLED", Boolean.toString(worker));
    if (!worker) {
      env.put("SYNC_WORKER_ENABLED", "false");
    }
    List<String> flags = Arrays.asList(opt("app-jvm", "-Xms128m -Xmx256m -XX:+UseParallelGC"
        + " -Dorg.slf4j.simpleLogger.log.io.enrollmentsync.examples.jetty.LoggingRepository=warn")
        .trim().split("\\s+"));
    out.put("app_jvm", String.join(" ", flags));
    Path logDir = Path.of(opt("log-dir", "target/bench-logs"));
    Files.createDirectories(logDir);
    Path log = logDir.resolve(opt("label", mode) + "-" + opt("run", "1")
        + (worker ? "" : "-noworker") + ".log");
    Files.deleteIfExists(log);
    AppProcess app = AppProcess.start(Path.of(opt("jar",
        "examples/jetty-example/target/jetty-example.jar")), flags, env, port(), log);
    // The first requests on a fresh JVM are slow; a short burst gets the classes loaded.
    return app;
  }

  private HttpLoad load() {
    return new HttpLoad("127.0.0.1", port(), opt("path", "/api/webhooks/enrollment"));
  }

  private void reportHttp(HttpLoad.Result r) {
    double[] ms = r.latencyMs();
    out.put("sent", r.sent);
    out.put("answered", r.completed);
    out.put("io_errors", r.ioErrors);
    out.put("secs", Stats.round(r.seconds(), 3));
    out.put("req_per_s", Math.round(r.completed / r.seconds()));
    out.put("accepted_per_s", Math.round(r.count(202) / r.seconds()));
    out.put("status", JSON.valueToTree(r.statuses));
    out.put("http_p50_ms", Stats.round(ms[0], 2));
    out.put("http_p95_ms", Stats.round(ms[1], 2));
    out.put("http_p99_ms", Stats.round(ms[2], 2));
    out.put("http_max_ms", Stats.round(ms[3], 2));
    out.put("producer_max_behind", r.maxBehind);
  }

  private void reportLag(long[] sorted, int keyspace) {
    out.put("lag_samples", sorted.length);
    out.put("lag_rows", keyspace > 0 ? "newest event of each enrollment" : "every event");
    out.put("e2e_p50_ms", Stats.percentile(sorted, 50));
    out.put("e2e_p95_ms", Stats.percentile(sorted, 95));
    out.put("e2e_p99_ms", Stats.percentile(sorted, 99));
    out.put("e2e_max_ms", Stats.percentile(sorted, 100));
  }

  private void reportApp(AppProcess app) {
    reportApp(app, "");
  }

  private void reportApp(AppProcess app, String prefix) {
    out.put(prefix + "app_rss_mb", ProcStats.rssKb(app.pid()) / 1024);
    out.put(prefix + "app_peak_rss_mb", Math.max(app.stats().peakRssKb(),
        ProcStats.hwmKb(app.pid())) / 1024);
  }

  private String runId() {
    // Digits only, like Thinkific's ids; unique per run so no dedupe mark from an earlier run hits.
    return Long.toString(System.currentTimeMillis() % 100_000_000L);
  }

  private int port() {
    return intOpt("port", 18080);
  }

  private int redisPort() {
    return intOpt("redis-port", 6390);
  }

  private long redisPid() {
    return longOpt("redis-pid", -1);
  }

  private String opt(String name, String fallback) {
    return opts.getOrDefault(name, fallback);
  }

  private int intOpt(String name, int fallback) {
    return Integer.parseInt(opt(name, Integer.toString(fallback)));
  }

  private long longOpt(String name, long fallback) {
    return Long.parseLong(opt(name, Long.toString(fallback)));
  }

  private long seconds(String name, long fallback) {
    return TimeUnit.SECONDS.toNanos(longOpt(name, fallback));
  }

  /** CPU of the app, Redis and PostgreSQL over a measured window, as % of one core. */
  private record Window(
      long appPid, long redisPid, long start, long app0, long redis0, Map<Long, Long> pg0,
      long self0) {
    static final long SELF = ProcessHandle.current().pid();

    static Window open(AppProcess app, long redisPid) {
      return new Window(app.pid(), redisPid, System.nanoTime(), ProcStats.cpuTicks(app.pid()),
          redisPid > 0 ? ProcStats.cpuTicks(redisPid) : -1, ProcStats.cpuTicksOfCommand("postgres"),
          ProcStats.cpuTicks(SELF));
    }

    void close(ObjectNode out) {
      double secs = (System.nanoTime() - start) / 1e9;
      out.put("app_cpu_pct", Math.round(ProcStats.cpuPercent(app0, ProcStats.cpuTicks(appPid),
          secs)));
      if (redisPid > 0) {
        out.put("redis_cpu_pct", Math.round(ProcStats.cpuPercent(redis0,
            ProcStats.cpuTicks(redisPid), secs)));
      }
      out.put("pg_cpu_pct", Math.round(ProcStats.diff(pg0,
          ProcStats.cpuTicksOfCommand("postgres")) / secs));
      out.put("harness_cpu_pct", Math.round(ProcStats.cpuPercent(self0,
          ProcStats.cpuTicks(SELF), secs)));
    }
  }
}
