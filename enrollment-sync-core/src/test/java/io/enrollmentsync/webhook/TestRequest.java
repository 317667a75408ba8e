package io.enrollmentsync.webhook;

import io.enrollmentsync.testing.SampleDeliveries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A delivery as an adapter would hand it over: case-insensitive headers with every value, a
 * declared length and a body stream. Starts signed with the sample key and typed as JSON.
 */
final class TestRequest implements WebhookRequest {
  private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private long contentLength;
  private Supplier<InputStream> body;
  private int opened;

  private TestRequest(byte[] bytes) {
    contentLength = bytes.length;
    body = () -> new ByteArrayInputStream(bytes);
    header("Content-Type", "application/json");
  }

  /** A JSON delivery signed with {@link SampleDeliveries#SECRET} over exactly these bytes. */
  static TestRequest signed(byte[] bytes) {
    return unsigned(bytes).signature(HmacVerifier.sign(SampleDeliveries.SECRET, bytes));
  }

  /** A JSON delivery without a signature header. */
  static TestRequest unsigned(byte[] bytes) {
    return new TestRequest(bytes);
  }

  /** Replaces every value of a header; no values removes it. */
  TestRequest header(String name, String... values) {
    if (values.length == 0) {
      headers.remove(name);
    } else {
      headers.put(name, new ArrayList<>(Arrays.asList(values)));
    }
    return this;
  }

  TestRequest signature(String... values) {
    return header(WebhookReceiver.SIGNATURE_HEADER, values);
  }

  TestRequest contentLength(long length) {
    this.contentLength = length;
    return this;
  }

  TestRequest body(InputStream stream) {
    this.body = () -> stream;
    return this;
  }

  /** How often the receiver opened the body. */
  int opened() {
    return opened;
  }

  @Override
  public List<String> headers(String name) {
    List<String> values = headers.get(name);
    return values == null ? List.of() : values;
  }

  @Override
  public long contentLength() {
    return contentLength;
  }

  @Override
  public InputStream body() throws IOException {
    opened++;
    return body.get();
  }
}
