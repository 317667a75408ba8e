package io.enrollmentsync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The signed sample deliveries and API pages from {@code shared/thinkific}, copied into test
 * resources byte for byte.
 */
public final class SampleDeliveries {
  /** The fake site API key that signed every sample delivery. */
  public static final String SECRET = "test-site-api-key-0001";

  private SampleDeliveries() {}

  /**
   * One sample delivery with its manifest line.
   *
   * @param file the file name
   * @param topic the topic header
   * @param signature the signature header
   * @param expected the expected outcome, as the manifest says it
   */
  public record Delivery(String file, String topic, String signature, String expected) {
    /**
     * Returns the exact bytes of the body.
     *
     * @return the body
     */
    public byte[] body() {
      return resource("thinkific/deliveries/" + file);
    }
  }

  /**
   * Returns every sample delivery in manifest order (01 to 07).
   *
   * @return the deliveries
   */
  public static List<Delivery> all() {
    String manifest = new String(resource("thinkific/deliveries/manifest.tsv"), StandardCharsets.UTF_8);
    List<Delivery> out = new ArrayList<>();
    for (String line : manifest.split("\n")) {
      if (line.isBlank() || line.startsWith("file\t")) {
        continue;
      }
      String[] cols = line.split("\t");
      out.add(new Delivery(cols[0], cols[1], cols[2], cols[3]));
    }
    return out;
  }

  /**
   * Returns the sample delivery whose file name starts with the given number, such as "04".
   *
   * @param number the two-digit number
   * @return the delivery
   */
  public static Delivery number(String number) {
    return all().stream().filter(d -> d.file().startsWith(number + "-")).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no sample delivery " + number));
  }

  /**
   * Returns one page of the sample {@code GET /enrollments} answer.
   *
   * @param page 1 or 2
   * @return the exact bytes
   */
  public static byte[] apiPage(int page) {
    return resource("thinkific/api/enrollments-updated-after-page-" + page + ".json");
  }

  /**
   * Reads a classpath resource.
   *
   * @param path the path
   * @return its bytes
   */
  public static byte[] resource(String path) {
    try (InputStream in = SampleDeliveries.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
