package io.enrollmentsync.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * A small HTTP/1.1 load generator on one NIO selector thread: keep-alive connections, one request
 * in flight per connection, requests built (and signed) at the moment they are sent.
 *
 * <p>Two ways to drive it. Closed loop: every connection sends its next request as soon as the
 * previous answer arrived (as fast as possible). Open loop: request {@code i} is due at {@code
 * start + i / rate}; when no connection is free the request waits and its latency still counts
 * from the time it was due, so a stall in the server is not hidden (no coordinated omission).
 *
 * <p>It costs far less CPU per request than {@code java.net.http.HttpClient}, which matters on a
 * 2-core machine shared with the server, Redis and PostgreSQL.
 */
final class HttpLoad {
  /** Builds the next request; called on the selector thread when a request is due. */
  interface Source {
    /**
     * Returns the next request's body and signature.
     *
     * @param index the request's sequence number, from 0
     * @return the request, or null when there is nothing more to send
     */
    Outgoing next(long index);
  }

  /** One request: the body bytes and the signature header value. */
  record Outgoing(byte[] body, String signature) {}

  /** What one run measured. */
  static final class Result {
    long sent;
    long completed;
    long ioErrors;
    long maxBehind;
    long startNanos;
    long endNanos;
    final TreeMap<Integer, Long> statuses = new TreeMap<>();
    long[] latencies = new long[1 << 16];
    int latencyCount;

    void record(int status, long latencyNanos) {
      completed++;
      statuses.merge(status, 1L, Long::sum);
      if (latencyCount == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencies.length * 2);
      }
      latencies[latencyCount++] = latencyNanos;
    }

    double seconds() {
      return (endNanos - startNanos) / 1e9;
    }

    long count2xx() {
      return statuses.subMap(200, 300).values().stream().mapToLong(Long::longValue).sum();
    }

    long count(int status) {
      return statuses.getOrDefault(status, 0L);
    }

    /** Latency percentiles in milliseconds: p50, p95, p99, max. */
    double[] latencyMs() {
      long[] sorted = Arrays.copyOf(latencies, latencyCount);
      Arrays.sort(sorted);
      return new double[] {
          Stats.percentile(sorted, 50) / 1e6, Stats.percentile(sorted, 95) / 1e6,
          Stats.percentile(sorted, 99) / 1e6, Stats.percentile(sorted, 100) / 1e6};
    }
  }

  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

  private final InetSocketAddress address;
  private final String head;

  HttpLoad(String host, int port, String path) {
    this.address = new InetSocketAddress(host, port);
    this.head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
        + "\r\nContent-Type: application/json\r\nX-Thinkific-Hmac-Sha256: ";
  }

  /**
   * Sends as fast as the server answers.
   *
   * @param source the requests
   * @param connections the connections, each with one request in flight
   * @param durationNanos stop sending after this long (0: until the source is exhausted)
   * @return the measurements
   */
  Result closedLoop(Source source, int connections, long durationNanos) throws IOException {
    return run(source, connections, 0, durationNanos);
  }

  /**
   * Sends at a fixed rate, whatever the server does.
   *
   * @param source the requests
   * @param connections the most requests in flight
   * @param rate requests per second
   * @param durationNanos how long to send
   * @return the measurements
   */
  Result openLoop(Source source, int connections, double rate, long durationNanos)
      throws IOException {
    if (rate <= 0) {
      throw new IllegalArgumentException("rate must be positive, but was " + rate);
    }
    return run(source, connections, rate, durationNanos);
  }

  private Result run(Source source, int connections, double rate, long durationNanos)
      throws IOException {
    Result result = new Result();
    try (Selector selector = Selector.open()) {
      List<Conn> all = new ArrayList<>();
      ArrayDeque<Conn> idle = new ArrayDeque<>();
      for (int i = 0; i < connections; i++) {
        Conn c = connect(selector);
        all.add(c);
        idle.add(c);
      }
      long start = System.nanoTime();
      result.startNanos = start;
      long end = durationNanos > 0 ? start + durationNanos : Long.MAX_VALUE;
      long index = 0;
      boolean exhausted = false;
      int busy = 0;
      while (true) {
        long now = System.nanoTime();
        boolean sending = !exhausted && now < end;
        while (sending && !idle.isEmpty()) {
          long due = rate > 0 ? start + (long) (index * 1e9 / rate) : now;
          if (due > now || due >= end) {
            break;
          }
          Outgoing out = source.next(index);
          if (out == null) {
            exhausted = true;
            break;
          }
          Conn c = idle.poll();
          send(c, out, due);
          busy++;
          index++;
          result.sent++;
        }
        if (rate > 0 && sending) {
          long dueNow = (long) ((now - start) * rate / 1e9) + 1;
          result.maxBehind = Math.max(result.maxBehind, dueNow - index);
        }
        if (busy == 0 && (exhausted || System.nanoTime() >= end)) {
          break;
        }
        long timeoutMs = 10;
        if (rate > 0 && !idle.isEmpty()) {
          long nextDue = start + (long) (index * 1e9 / rate);
          timeoutMs = Math.max(1, Math.min(10, (nextDue - System.nanoTime()) / 1_000_000));
        }
        if (System.nanoTime() - end > 30_000_000_000L) {
          result.ioErrors += busy; // answers that never came within 30 s of the end
          break;
        }
        selector.select(timeoutMs);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          Conn c = (Conn) key.attachment();
          try {
            if (key.isValid() && key.isWritable()) {
              flush(c);
            }
            if (key.isValid() && key.isReadable() && readAnswer(c, result)) {
              busy--;
              if (c.closing) {
                c.close();
                c = connect(selector);
                all.set(all.indexOf((Conn) key.attachment()), c);
              }
              idle.add(c);
            }
          } catch (IOException e) {
            if (c.busy) {
              busy--;
              result.ioErrors++;
            }
            c.close();
            Conn fresh = connect(selector);
            all.set(all.indexOf(c), fresh);
            idle.add(fresh);
          }
        }
      }
      result.endNanos = System.nanoTime();
      for (Conn c : all) {
        c.close();
      }
    }
    return result;
  }

  private Conn connect(Selector selector) throws IOException {
    SocketChannel ch = SocketChannel.open();
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    ch.connect(address);
    ch.configureBlocking(false);
    Conn c = new Conn(ch);
    c.key = ch.register(selector, SelectionKey.OP_READ, c);
    return c;
  }

  private void send(Conn c, Outgoing out, long dueNanos) throws IOException {
    byte[] prefix = (head + out.signature() + "\r\nContent-Length: " + out.body().length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(prefix.length + out.body().length);
    buf.put(prefix).put(out.body()).flip();
    c.out = buf;
    c.startNanos = dueNanos;
    c.busy = true;
    flush(c);
  }

  private static void flush(Conn c) throws IOException {
    if (c.out == null) {
      return;
    }
    c.ch.write(c.out);
    if (c.out.hasRemaining()) {
      c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    } else {
      c.out = null;
      c.key.interestOps(SelectionKey.OP_READ);
    }
  }

  /** Reads what arrived; returns true when a whole answer is in and the connection is free. */
  private static boolean readAnswer(Conn c, Result result) throws IOException {
    int n = c.ch.read(c.in);
    if (n < 0) {
      throw new IOException("connection closed by the server");
    }
    byte[] a = c.in.array();
    int len = c.in.position();
    int headerEnd = indexOf(a, len, HEADER_END);
    if (headerEnd < 0) {
      if (!c.in.hasRemaining()) {
        throw new IOException("answer header larger than the buffer");
      }
      return false;
    }
    String header = new String(a, 0, headerEnd, StandardCharsets.ISO_8859_1);
    int status = Integer.parseInt(header.substring(9, 12));
    int bodyLength = contentLength(header);
    int total = headerEnd + 4 + bodyLength;
    if (len < total) {
      return false;
    }
    if (!c.busy) {
      throw new IOException("answer without a request");
    }
    result.record(status, System.nanoTime() - c.startNanos);
    c.busy = false;
    // One request in flight per connection: nothing should follow the answer.
    c.in.clear();
    c.closing = header.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close");
    return true;
  }

  private static int contentLength(String header) {
    String lower = header.toLowerCase(java.util.Locale.ROOT);
    int at = lower.indexOf("\r\ncontent-length:");
    if (at < 0) {
      return 0;
    }
    int from = at + 17;
    int to = lower.indexOf("\r\n", from);
    return Integer.parseInt(lower.substring(from, to < 0 ? lower.length() : to).trim());
  }

  private static int indexOf(byte[] a, int len, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= len; i++) {
      for (int j = 0; j < what.length; j++) {
        if (a[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static final class Conn {
    final SocketChannel ch;
    final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    SelectionKey key;
    ByteBuffer out;
    long startNanos;
    boolean busy;
    boolean closing;

    Conn(SocketChannel ch) {
      this.ch = ch;
    }

    void close() {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing after an error or at the end; nothing to do
      }
    }
  }
}
