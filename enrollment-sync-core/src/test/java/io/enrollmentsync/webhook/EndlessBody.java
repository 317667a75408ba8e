package io.enrollmentsync.webhook;

import java.io.InputStream;

/** A body that never ends, as a chunked sender that keeps sending; counts what was read. */
final class EndlessBody extends InputStream {
  private long read;

  /** How many bytes the reader took. */
  long bytesRead() {
    return read;
  }

  @Override
  public int read() {
    read++;
    return ' ';
  }

  @Override
  public int read(byte[] b, int off, int len) {
    java.util.Arrays.fill(b, off, off + len, (byte) ' ');
    read += len;
    return len;
  }
}
