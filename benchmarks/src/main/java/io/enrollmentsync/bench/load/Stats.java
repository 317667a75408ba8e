package io.enrollmentsync.bench.load;

/** Percentiles the way the BullMQ scripts compute them (nearest rank), so figures compare. */
final class Stats {
  private Stats() {}

  /**
   * Returns the nearest-rank percentile of sorted values.
   *
   * @param sorted ascending
   * @param p 0 to 100
   * @return the value, or 0 when there is none
   */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.min(sorted.length - 1, Math.max(0, i))];
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
