package io.enrollmentsync.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own: a consumer or a whole application instance that a scenario kills or stops.
 * Its output goes to a file under {@code target/reliability-logs}, new for each run.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java -cp <this JVM's class path> mainClass args}.
   *
   * @param name a name for the log file
   * @param mainClass the class to run
   * @param args its arguments
   * @return the running process
   */
  static ChildProcess main(String name, Class<?> mainClass, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(args);
    return start(name, command, Map.of());
  }

  /**
   * Starts {@code java -jar jar} with the given environment added.
   *
   * @param name a name for the log file
   * @param jar the jar
   * @param env environment variables
   * @return the running process
   */
  static ChildProcess jar(String name, Path jar, Map<String, String> env) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("The example jar " + jar + " is missing: build it first"
          + " (./mvnw -B verify builds it before this module)");
    }
    return start(name, List.of(java(), "-Xmx256m", "-jar", jar.toString()), env);
  }

  private static ChildProcess start(String name, List<String> command, Map<String, String> env)
      throws IOException {
    Path dir = Path.of(System.getProperty("reliability.logs", "target/reliability-logs"));
    Files.createDirectories(dir);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new ChildProcess(name, builder.start(), log);
  }

  private static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A TCP port free at the time of the call. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** Whether something listens on the loopback port. */
  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGTERM, as an orchestrator's stop does, and waits for the process to end. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " did not stop within " + timeout
          + " of SIGTERM; see " + log);
    }
    return process.exitValue();
  }

  /** Sends SIGKILL, as a crash or the OOM killer would, and waits for the process to end. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor();
  }

  Path log() {
    return log;
  }

  String logText() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
