package io.enrollmentsync.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the Markdown results table of one session: our harness's JSON lines next to the BullMQ
 * scripts' ones, each cell the median with [min–max] and the spread over the rounds, then the
 * ratios and whether each target of issue 9 is met.
 *
 * <pre>
 * java -cp benchmarks.jar io.enrollmentsync.bench.load.Summary ours.jsonl bullmq.jsonl
 * </pre>
 */
public final class Summary {
  private final Map<String, List<JsonNode>> byLabel = new LinkedHashMap<>();
  private final StringBuilder md = new StringBuilder();

  private Summary(List<Path> files) throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (Path file : files) {
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          JsonNode node = json.readTree(line);
          byLabel.computeIfAbsent(node.path("label").asText(), k -> new ArrayList<>()).add(node);
        }
      }
    }
  }

  /**
   * Prints the table.
   *
   * @param args the JSON-lines files: ours, then BullMQ's
   * @throws IOException when a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String a : args) {
      files.add(Path.of(a));
    }
    System.out.print(new Summary(files).render());
  }

  private String render() {
    line("| what | enrollment-sync: median [min–max] (spread) | BullMQ, same session | ratio | target | met |");
    line("|---|---|---|---|---|---|");

    double drain = median("drain", "drain_events_per_s");
    double bullDrain = Math.max(median("process-pg-c10", "jobs_per_s"),
        median("process-pg-c50", "jobs_per_s"));
    row("worker drain into PostgreSQL, events/s", cell("drain", "drain_events_per_s"),
        "c10 " + cell("process-pg-c10", "jobs_per_s") + "; c50 "
            + cell("process-pg-c50", "jobs_per_s"),
        ratio(drain, bullDrain), "≥ 5× the better BullMQ median", met(drain >= 5 * bullDrain));

    double drain500 = median("drain-b500", "drain_events_per_s");
    row("the same with SYNC_WORKER_BATCH_SIZE=500 (default 100)",
        cell("drain-b500", "drain_events_per_s"), "", ratio(drain500, bullDrain),
        "", met(drain500 >= 5 * bullDrain));

    double ingest = median("ingest", "accepted_per_s");
    row("HTTP ingest alone (worker off), accepted req/s", cell("ingest", "accepted_per_s"),
        "add(), 50 in flight, no HTTP: " + cell("enqueue-single-inflight50", "jobs_per_s"),
        "", "≥ 11,000", met(ingest >= 11_000));
    row("HTTP ingest alone, answer p99 ms", cell("ingest", "http_p99_ms"), "", "", "", "");

    double sustained = median("sustained", "applied_per_s");
    row("ingest + drain for 60 s, applied events/s", cell("sustained", "applied_per_s"), "", "",
        "≥ 8,000", met(sustained >= 8_000));
    row("ingest + drain for 60 s, accepted req/s", cell("sustained", "accepted_per_s"), "", "",
        "", "");
    row("ingest + drain for 60 s, queue left at the end", cell("sustained",
        "queue_length_end_of_load"), "", "", "", "");

    double p99 = median("rate", "e2e_p99_ms");
    double bullP99 = median("latency-1000rps-c10", "e2e_p99_ms");
    row("1,000 events/s over HTTP: e2e p50 ms", cell("rate", "e2e_p50_ms"),
        cell("latency-1000rps-c10", "e2e_p50_ms"), "", "", "");
    row("1,000 events/s over HTTP: e2e p95 ms", cell("rate", "e2e_p95_ms"),
        cell("latency-1000rps-c10", "e2e_p95_ms"), "", "", "");
    row("1,000 events/s over HTTP: e2e p99 ms", cell("rate", "e2e_p99_ms"),
        cell("latency-1000rps-c10", "e2e_p99_ms"), ratio(p99, bullP99),
        "≤ BullMQ p99 (which has no HTTP)", met(p99 <= bullP99));
    row("1,000 events/s over HTTP: e2e max ms", cell("rate", "e2e_max_ms"),
        cell("latency-1000rps-c10", "e2e_max_ms"), "", "", "");
    row("1,000 events/s: HTTP answer p99 ms", cell("rate", "http_p99_ms"),
        "add() ack p99: " + cell("latency-1000rps-c10", "add_ack_p99_ms"), "", "", "");

    double rss = max("app_peak_rss_mb");
    row("app peak RSS, MB (every run)", fmt(rss), "", "", "< 512", met(rss > 0 && rss < 512));
    double memBefore = median("sustained", "redis_used_memory_before");
    double memRetained = median("sustained", "redis_used_memory_after_retention");
    row("Redis used_memory, MB: before / loaded / drained / after the retention window",
        mb(memBefore) + " / " + mb(median("sustained", "redis_used_memory_loaded")) + " / "
            + mb(median("sustained", "redis_used_memory_drained")) + " / " + mb(memRetained),
        "", "", "back to the start", met(!Double.isNaN(memRetained)
            && memRetained <= memBefore * 1.1 + 1_048_576));
    row("mix (20 % duplicates, 10 % out of order): rows not at the newest version",
        cell("mix", "rows_not_newest"), "", "", "0", met(max("mix", "rows_not_newest") == 0));
    row("mix: duplicates answered 200 / sent", cell("mix", "answered_duplicate_200") + " / "
        + cell("mix", "sent_duplicates"), "", "", "", "");
    row("CPU % of one core during drain: app / Redis / PostgreSQL", cpu("drain"),
        cpuBull("process-pg-c10"), "", "", "");
    row("CPU % during ingest: app / Redis / PostgreSQL / load generator", cpu("ingest")
        + " / " + cell("ingest", "harness_cpu_pct"), "", "", "", "");
    row("CPU % during 60 s sustained: app / Redis / PostgreSQL / load generator",
        cpu("sustained") + " / " + cell("sustained", "harness_cpu_pct"), "", "", "", "");
    line("");
    line("Load average at the start of each of our runs: " + loads());
    return md.toString();
  }

  private String cpu(String label) {
    return cell(label, "app_cpu_pct") + " / " + cell(label, "redis_cpu_pct") + " / "
        + cell(label, "pg_cpu_pct");
  }

  private String cpuBull(String label) {
    return "node " + cell(label, "node_pct") + " / Redis " + cell(label, "redis_pct") + " / PG "
        + cell(label, "pg_pct");
  }

  private String loads() {
    List<String> out = new ArrayList<>();
    byLabel.forEach((label, runs) -> runs.forEach(r -> {
      if (r.has("loadavg")) {
        out.add(label + "#" + r.path("run").asInt() + " " + r.path("loadavg").asText()
            .split(" ")[0]);
      }
    }));
    return String.join(", ", out);
  }

  private void row(String... cells) {
    line("| " + String.join(" | ", cells) + " |");
  }

  private void line(String s) {
    md.append(s).append('\n');
  }

  private double[] values(String label, String key) {
    return byLabel.getOrDefault(label, List.of()).stream()
        .filter(n -> n.path(key).isNumber()).mapToDouble(n -> n.path(key).asDouble()).toArray();
  }

  private double median(String label, String key) {
    double[] v = values(label, key);
    if (v.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  private double max(String label, String key) {
    return Arrays.stream(values(label, key)).max().orElse(Double.NaN);
  }

  private double max(String key) {
    return byLabel.keySet().stream().mapToDouble(l -> max(l, key)).filter(d -> !Double.isNaN(d))
        .max().orElse(Double.NaN);
  }

  private String cell(String label, String key) {
    double[] v = values(label, key);
    if (v.length == 0) {
      return "n/a";
    }
    double m = median(label, key);
    double lo = Arrays.stream(v).min().orElseThrow();
    double hi = Arrays.stream(v).max().orElseThrow();
    String spread = m == 0 ? "0%" : Math.round(100 * (hi - lo) / m) + "%";
    return v.length == 1 ? fmt(m) : fmt(m) + " [" + fmt(lo) + "–" + fmt(hi) + "] (" + spread + ")";
  }

  private static String ratio(double ours, double theirs) {
    return Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0 ? "n/a"
        : String.format(Locale.ROOT, "%.2f×", ours / theirs);
  }

  private static String met(boolean ok) {
    return ok ? "yes" : "**no**";
  }

  private static String mb(double bytes) {
    return Double.isNaN(bytes) ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / 1_048_576);
  }

  private static String fmt(double x) {
    if (Double.isNaN(x)) {
      return "n/a";
    }
    return Math.abs(x) >= 100 ? String.format(Locale.ROOT, "%,d", Math.round(x))
        : String.format(Locale.ROOT, "%.2f", x).replaceAll("\\.?0+$", "");
  }
}
