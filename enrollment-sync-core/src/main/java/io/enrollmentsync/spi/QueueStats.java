package io.enrollmentsync.spi;

/**
 * Sizes of a queue's parts at one moment, for metrics and health.
 *
 * @param ready events waiting to be handed out
 * @param pending events handed out and not yet acknowledged
 * @param delayed events waiting for a retry
 * @param deadLetters events that exhausted their attempts
 * @param quarantined rejected deliveries kept for inspection
 * @since 0.1.0
 */
public record QueueStats(long ready, long pending, long delayed, long deadLetters, long quarantined) {

  /**
   * Returns the events not yet applied: ready, pending and delayed.
   *
   * @return the depth
   */
  public long depth() {
    return ready + pending + delayed;
  }
}
