package io.enrollmentsync.bench.load;

import io.enrollmentsync.bench.Deliveries;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The deliveries one run sends: event ids unique to the run, enrollment ids from a key space,
 * {@code updated_at} rising with the event number (so the newest event of an enrollment is the
 * one that must win), and {@code created_at} set to the moment of sending, which is where the
 * end-to-end lag is measured from.
 *
 * <p>The mix adds exact repeats of earlier deliveries (same bytes, same event id: the receiver
 * must answer 200 and queue nothing) and out-of-order progress events (a new event id whose
 * snapshot is older than one already sent for that enrollment: the repository must keep the
 * newer row). It remembers, per enrollment, the newest version sent, so the final table can be
 * checked.
 */
final class EventStream implements HttpLoad.Source {
  private static final int RING = 1024;
  /**
   * Where a warm-up stream's enrollment ids start: far from the measured ones, so that nothing
   * the warm-up sent can be newer than what the measured run sends for the same enrollment.
   */
  private static final long WARM_UP_FIRST_ENROLLMENT = 1_000_000_000L;

  private final Deliveries deliveries = new Deliveries();
  private final SplittableRandom random = new SplittableRandom(42);
  private final String runId;
  private final int keyspace;
  private final double duplicates;
  private final double outOfOrder;
  private final long baseMillis;
  private final long firstEnrollment;
  private final HttpLoad.Outgoing[] ring = new HttpLoad.Outgoing[RING];
  private final long[] newestVersion;
  private final String[] newestEventId;
  private long fresh;
  private long sentDuplicates;
  private long sentOutOfOrder;

  /**
   * Creates a stream.
   *
   * @param runId makes event ids unique to the run
   * @param keyspace enrollment ids are {@code 1..keyspace}; 0 gives every event its own
   * @param duplicates the share of deliveries that repeat an earlier one, 0 to 1
   * @param outOfOrder the share of events older than one already sent for the enrollment
   * @param track whether to remember the newest version per enrollment (needs a keyspace)
   */
  EventStream(String runId, int keyspace, double duplicates, double outOfOrder, boolean track) {
    this(runId, keyspace, duplicates, outOfOrder, track, 1);
  }

  /**
   * A stream for warming the app up: fresh events only, on enrollment ids of its own.
   *
   * @param runId makes event ids unique to the run
   * @param keyspace as for the measured stream
   */
  static EventStream warmUp(String runId, int keyspace) {
    return new EventStream(runId, keyspace, 0, 0, false, WARM_UP_FIRST_ENROLLMENT);
  }

  private EventStream(String runId, int keyspace, double duplicates, double outOfOrder,
      boolean track, long firstEnrollment) {
    this.firstEnrollment = firstEnrollment;
    this.runId = runId;
    this.keyspace = keyspace;
    this.duplicates = duplicates;
    this.outOfOrder = outOfOrder;
    this.baseMillis = System.currentTimeMillis();
    if (track && keyspace <= 0) {
      throw new IllegalArgumentException("checking the final rows needs a keyspace above 0");
    }
    this.newestVersion = track ? new long[keyspace + 1] : null;
    this.newestEventId = track ? new String[keyspace + 1] : null;
    if (newestVersion != null) {
      Arrays.fill(newestVersion, Long.MIN_VALUE);
    }
  }

  @Override
  public HttpLoad.Outgoing next(long index) {
    if (duplicates > 0 && fresh > 0 && random.nextDouble() < duplicates) {
      sentDuplicates++;
      return ring[random.nextInt((int) Math.min(fresh, RING))];
    }
    long n = fresh++;
    long slot = keyspace > 0 ? n % keyspace : n;
    long enrollment = firstEnrollment + slot;
    // Fresh events get even versions, out-of-order ones odd versions: never a tie, which the
    // apply rule would break by event time (the later send would win with an equal updated_at).
    long version = baseMillis + 2 * n;
    if (outOfOrder > 0 && keyspace > 0 && n >= 2L * keyspace && random.nextDouble() < outOfOrder) {
      // Older than the event sent for this enrollment two laps ago.
      version = baseMillis + 2 * (n - 2L * keyspace) - 1;
      sentOutOfOrder++;
    }
    int percent = keyspace > 0 ? (int) ((n / keyspace) % 100) : (int) (n % 100);
    String eventId = runId + String.format("%012d", n);
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    byte[] body = Deliveries.body(eventId, enrollment, now, Instant.ofEpochMilli(version), percent);
    HttpLoad.Outgoing out = new HttpLoad.Outgoing(body, deliveries.sign(body));
    ring[(int) (n % RING)] = out;
    // Only a measured stream keeps track, and its enrollment ids are 1..keyspace.
    if (newestVersion != null && version > newestVersion[(int) enrollment]) {
      newestVersion[(int) enrollment] = version;
      newestEventId[(int) enrollment] = eventId;
    }
    return out;
  }

  long freshEvents() {
    return fresh;
  }

  long sentDuplicates() {
    return sentDuplicates;
  }

  long sentOutOfOrder() {
    return sentOutOfOrder;
  }

  /** The newest version sent for an enrollment, in epoch ms, or MIN_VALUE if none. */
  long newestVersion(int enrollment) {
    return newestVersion[enrollment];
  }

  String newestEventId(int enrollment) {
    return newestEventId[enrollment];
  }

  int keyspace() {
    return keyspace;
  }

  /** Stops building new events: the source is exhausted after {@code max} fresh events. */
  static HttpLoad.Source limit(EventStream stream, long max) {
    return index -> stream.freshEvents() >= max ? null : stream.next(index);
  }
}
