package io.enrollmentsync.spi;

/**
 * What applying one event did to the stored enrollment.
 *
 * @since 0.1.0
 */
public enum ApplyOutcome {
  /** No row existed; the snapshot was stored. */
  INSERTED,
  /**
   * The snapshot was newer and replaced the stored one, or it completed the stored one, or it
   * brought an earlier completion time.
   */
  UPDATED,
  /** The stored version is the same or newer; nothing changed. */
  STALE,
  /**
   * The snapshot was newer but not completed while the stored enrollment is: the other fields were
   * applied, completion and percentage were kept.
   */
  KEPT_COMPLETED;

  /**
   * Returns whether the stored row changed.
   *
   * @return true for inserted, updated and kept-completed
   */
  public boolean changed() {
    return this != STALE;
  }
}
