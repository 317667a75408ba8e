package io.enrollmentsync.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects one {@link ScenarioResult} per scenario and, when the test plan ends, writes the table
 * to {@code target/reliability-report.md} and prints it. Registered as a JUnit Platform listener
 * (META-INF/services), so it runs once after every scenario class, whatever ran.
 */
public final class ReliabilityReport implements TestExecutionListener {
  private static final List<ScenarioResult> RESULTS = new ArrayList<>();

  /** Records a scenario's row. */
  static synchronized void record(ScenarioResult result) {
    RESULTS.removeIf(r -> r.number() == result.number());
    RESULTS.add(result);
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    String table;
    synchronized (ReliabilityReport.class) {
      if (RESULTS.isEmpty()) {
        return;
      }
      table = table(RESULTS);
    }
    String path = System.getProperty("reliability.report", "target/reliability-report.md");
    try {
      Path file = Path.of(path);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, table, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + path, e);
    }
    System.out.println();
    System.out.println("Reliability suite (" + path + "):");
    System.out.println(table);
  }

  static String table(List<ScenarioResult> results) {
    StringBuilder out = new StringBuilder()
        .append("| # | fault injected | sent | accepted | polled | applied | dead-lettered"
            + " | lost | applied twice | rows wrong | converged after fault | total | notes |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    results.stream().sorted(Comparator.comparingInt(ScenarioResult::number)).forEach(r ->
        out.append("| ").append(r.number())
            .append(" | ").append(r.fault())
            .append(" | ").append(r.sent())
            .append(" | ").append(r.accepted())
            .append(" | ").append(r.polled())
            .append(" | ").append(r.applied())
            .append(" | ").append(r.deadLettered())
            .append(" | ").append(r.lost())
            .append(" | ").append(r.appliedTwice())
            .append(" | ").append(r.wrongRows())
            .append(" | ").append(seconds(r.recovered()))
            .append(" | ").append(seconds(r.total()))
            .append(" | ").append(r.notes())
            .append(" |\n"));
    return out.toString();
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }
}
