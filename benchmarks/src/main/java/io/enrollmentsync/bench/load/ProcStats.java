package io.enrollmentsync.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU time and resident memory of one process, from {@code /proc} (Linux only). CPU is in clock
 * ticks of 10 ms ({@code CLK_TCK} = 100, as on every common Linux build).
 */
final class ProcStats implements AutoCloseable {
  private final long pid;
  private final AtomicLong peakRssKb = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  /**
   * Starts sampling the resident set every 200 ms, to catch its peak.
   *
   * @param pid the process
   */
  ProcStats(long pid) {
    this.pid = pid;
    this.sampler = new Thread(() -> {
      while (running) {
        peakRssKb.accumulateAndGet(rssKb(pid), Math::max);
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "rss-sampler-" + pid);
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Returns user + system CPU ticks of the process so far, or -1 when it is gone. */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Returns VmRSS in KiB, or 0 when the process is gone. */
  static long rssKb(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** Returns VmHWM (the kernel's own peak RSS) in KiB, or 0 when the process is gone. */
  static long hwmKb(long pid) {
    return statusField(pid, "VmHWM:");
  }

  private static long statusField(long pid, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  long pid() {
    return pid;
  }

  long peakRssKb() {
    return Math.max(peakRssKb.get(), rssKb(pid));
  }

  /** CPU used between two readings, as a percentage of one core. */
  static double cpuPercent(long ticksBefore, long ticksAfter, double seconds) {
    return ticksBefore < 0 || ticksAfter < 0 ? -1 : (ticksAfter - ticksBefore) / seconds;
  }

  /**
   * Returns the CPU ticks of every process whose command name is exactly {@code comm}, by pid,
   * so that a window can count only what each process used inside it (see {@link #diff}).
   */
  static java.util.Map<Long, Long> cpuTicksOfCommand(String comm) {
    java.util.Map<Long, Long> ticks = new java.util.HashMap<>();
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(dir.resolve("stat"));
          String c = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (c.equals(comm)) {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks.put(Long.parseLong(name), Long.parseLong(f[11]) + Long.parseLong(f[12]));
          }
        } catch (IOException | RuntimeException e) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      return ticks;
    }
    return ticks;
  }

  /** Ticks used between two readings, by processes alive at the second (as the BullMQ lib). */
  static long diff(java.util.Map<Long, Long> before, java.util.Map<Long, Long> after) {
    long sum = 0;
    for (var e : after.entrySet()) {
      sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return sum;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
