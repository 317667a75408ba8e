package io.enrollmentsync.poller;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one poller run did.
 *
 * @param result how it ended
 * @param startedAt when it started
 * @param duration how long it took
 * @param cursorBefore the saved cursor when it started, or null when there was none
 * @param cursorAfter the saved cursor when it ended, or null when there is none; equal to {@code
 *     cursorBefore} unless the run (or, in a catch-up, part of it) succeeded
 * @param windowStart the first second walked, or null when the run did not walk
 * @param windowEnd the end of the window (exclusive), or null when the run did not walk
 * @param pages how many pages the API answered, including first pages of slices that were then
 *     split
 * @param items how many items were read and offered to the queue (the items of a page whose slice
 *     was split are not: its parts read them again)
 * @param queued how many items were new and queued
 * @param duplicates how many items were already queued (the overlap, or a split's boundary)
 * @param rejected how many items could not be read and were quarantined
 * @param error what went wrong, or null on success; never holds a credential
 * @since 0.1.0
 */
public record PollRunSummary(
    PollResult result,
    Instant startedAt,
    Duration duration,
    Instant cursorBefore,
    Instant cursorAfter,
    Instant windowStart,
    Instant windowEnd,
    int pages,
    long items,
    long queued,
    long duplicates,
    long rejected,
    String error) {

  /** Validates the fields. */
  public PollRunSummary {
    Objects.requireNonNull(result, "result == null");
    Objects.requireNonNull(startedAt, "startedAt == null");
    Objects.requireNonNull(duration, "duration == null");
  }

  /**
   * Returns whether the run walked its whole window.
   *
   * @return true on {@link PollResult#SUCCESS}
   * @since 0.1.0
   */
  public boolean succeeded() {
    return result == PollResult.SUCCESS;
  }
}
