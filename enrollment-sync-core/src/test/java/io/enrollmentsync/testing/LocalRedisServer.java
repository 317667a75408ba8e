package io.enrollmentsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@code redis-server} process of a test's own, on a free loopback port and in a temporary
 * directory, so that a test can kill and restart it, or start it with unusual settings, without
 * touching the shared server. Needs {@code redis-server} on the {@code PATH}.
 */
public final class LocalRedisServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final int port;
  private final Path dir;
  private final List<String> options;
  private Process process;

  private LocalRedisServer(List<String> options) throws IOException {
    this.port = freePort();
    this.dir = Files.createTempDirectory("enrollment-sync-redis-");
    this.options = List.copyOf(options);
  }

  /**
   * Starts a server and waits until it answers.
   *
   * @param options extra command-line options, such as {@code "--appendonly", "yes"}
   * @return the running server
   * @throws IOException when the binary cannot be started
   */
  public static LocalRedisServer start(String... options) throws IOException {
    LocalRedisServer server = new LocalRedisServer(List.of(options));
    server.launch();
    return server;
  }

  /**
   * Returns the port the server listens on; it stays the same across restarts.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Kills the server with SIGKILL, as a crash would: it writes nothing more to disk.
   *
   * @throws InterruptedException when interrupted while waiting for the process to end
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Starts the server again on the same port and directory, after {@link #kill()}.
   *
   * @throws IOException when the binary cannot be started
   */
  public void restart() throws IOException {
    launch();
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      kill();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void launch() throws IOException {
    List<String> command = new ArrayList<>(List.of(
        "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--save", ""));
    command.addAll(options);
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
          .start();
    } catch (IOException e) {
      // A missing binary must fail the build, not skip the tests that need it.
      throw new IOException("Cannot run redis-server (" + e.getMessage() + "): the Redis tests"
          + " start their own servers and need Redis 6.2 or later on the PATH; install it with"
          + " 'apt-get install redis-server' (Debian, Ubuntu) or 'brew install redis' (macOS)", e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server did not start on port " + port
            + "; see " + dir.resolve("redis.log"));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting redis-server", e);
      }
    }
  }

  /** PONG, not LOADING: the data set is loaded and commands are served. */
  private boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = new byte[7];
      int n = socket.getInputStream().read(reply);
      return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** Returns a loopback port free at the time of asking. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
