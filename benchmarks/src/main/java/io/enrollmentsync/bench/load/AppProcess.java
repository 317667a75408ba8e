package io.enrollmentsync.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Jetty example started as a child process with the given environment and JVM flags; its
 * output goes to a log file. Stopped with SIGTERM (a clean shutdown), then killed after 20 s.
 */
final class AppProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final ProcStats stats;

  private AppProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.stats = new ProcStats(process.pid());
  }

  /**
   * Starts the app and waits until its port answers.
   *
   * @param jar the example's shaded jar
   * @param jvmFlags flags such as {@code -Xmx256m -XX:+UseParallelGC}
   * @param env added to this process's environment
   * @param port the HTTP port (also passed as {@code PORT})
   * @param log where stdout and stderr go
   * @return the running app
   */
  static AppProcess start(Path jar, List<String> jvmFlags, Map<String, String> env, int port,
      Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.environment().put("PORT", Integer.toString(port));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    AppProcess app = new AppProcess(p, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("the app exited with " + p.exitValue() + " at start-up;"
            + " see " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return app;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    app.close();
    throw new IllegalStateException("the app did not open port " + port + " within 60 s; see "
        + log);
  }

  long pid() {
    return process.pid();
  }

  ProcStats stats() {
    return stats;
  }

  Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    stats.close();
    if (!process.isAlive()) {
      throw new IllegalStateException("the app had exited (status " + process.exitValue()
          + ") before the run ended; see " + log);
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
