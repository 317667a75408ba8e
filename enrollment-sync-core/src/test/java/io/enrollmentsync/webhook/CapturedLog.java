package io.enrollmentsync.webhook;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what slf4j-simple, the test binding, prints to {@code System.err} (INFO and above)
 * while it is open. slf4j-simple looks up {@code System.err} on every line, so swapping it works.
 */
public final class CapturedLog implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  public CapturedLog() {
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
  }

  /** Everything printed so far. */
  public String text() {
    System.err.flush();
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /** Forgets what was printed so far. */
  public void reset() {
    System.err.flush();
    buffer.reset();
  }

  /** The lines printed so far. */
  public List<String> lines() {
    String text = text();
    return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\R"));
  }

  /** The lines that start a log event of the given level from the given class. */
  public List<String> events(String level, Class<?> logger) {
    String marker = " " + level + " " + logger.getName() + " - ";
    return lines().stream().filter(line -> line.contains(marker)).toList();
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
