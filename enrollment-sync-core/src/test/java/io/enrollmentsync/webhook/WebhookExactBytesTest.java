package io.enrollmentsync.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Signatures are checked over the exact bytes received: multi-byte UTF-8, CRLF, a trailing
 * newline, key order and whitespace all survive, here and in a JVM whose default charset is
 * ISO-8859-1.
 */
class WebhookExactBytesTest {

  @Test
  void everyByteExactVariantVerifiesInThisJvm() {
    List<String> results = ExactBytesCheck.run();

    assertThat(results).hasSize(ExactBytesCheck.CHECKS.size()).allMatch(r -> r.startsWith("PASS "));
  }

  @Test
  void everyByteExactVariantVerifiesInAJvmWhoseDefaultCharsetIsIso88591() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // Surefire may hand this JVM a manifest-only jar as its class path; it works for a child too.
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(java.toString(), "-Dfile.encoding=ISO-8859-1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath,
        ExactBytesCheck.class.getName())
        .redirectErrorStream(true)
        .start();
    child.getOutputStream().close();

    String output = read(child);
    boolean exited = child.waitFor(60, TimeUnit.SECONDS);

    assertThat(exited).as("child JVM finished; output:%n%s", output).isTrue();
    assertThat(output).contains("default-charset=ISO-8859-1");
    for (String check : ExactBytesCheck.CHECKS) {
      assertThat(output).as("output:%n%s", output).contains("PASS " + check);
    }
    assertThat(output).doesNotContain("FAIL ");
    assertThat(child.exitValue()).isZero();
  }

  private static String read(Process child) throws IOException {
    // Reads to the end, which comes when the child exits; the check runs in about a second.
    return new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
  }
}
