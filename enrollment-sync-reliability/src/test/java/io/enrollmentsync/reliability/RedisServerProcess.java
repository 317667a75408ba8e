package io.enrollmentsync.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
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
 * A {@code redis-server} of the scenario's own, on a free loopback port and in a temporary
 * directory, that the scenario may kill and start again without touching the shared server.
 */
final class RedisServerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final int port;
  private final Path dir;
  private final List<String> options;
  private Process process;

  private RedisServerProcess(List<String> options) throws IOException {
    this.port = ChildProcess.freePort();
    this.dir = Files.createTempDirectory("reliability-redis-");
    this.options = List.copyOf(options);
  }

  /**
   * Starts a server.
   *
   * @param options extra options, such as {@code "--appendonly", "yes"}
   * @return the running server
   */
  static RedisServerProcess start(String... options) throws IOException {
    RedisServerProcess server = new RedisServerProcess(List.of(options));
    server.launch();
    return server;
  }

  int port() {
    return port;
  }

  /** Kills the server with SIGKILL: it writes nothing more to disk. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Starts it again on the same port and directory. */
  void restart() throws IOException {
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
    List<String> command = new ArrayList<>(List.of("redis-server", "--port",
        Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", ""));
    command.addAll(options);
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
        .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server did not start on port " + port + "; see "
            + dir.resolve("redis.log"));
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
}
