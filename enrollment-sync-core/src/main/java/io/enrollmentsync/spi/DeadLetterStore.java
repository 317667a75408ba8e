package io.enrollmentsync.spi;

import java.util.List;
import java.util.Optional;

/**
 * The operator's view of events that failed every attempt: inspect them, put them back in the
 * queue once the cause is fixed, or drop them.
 *
 * @since 0.1.0
 */
public interface DeadLetterStore {

  /**
   * Lists dead letters, oldest first.
   *
   * @param afterId list entries after this id; null to start at the oldest
   * @param limit at most this many, from 1 to 1000
   * @return the entries, possibly empty
   */
  List<DeadLetter> list(String afterId, int limit);

  /**
   * Reads one dead letter.
   *
   * @param id the entry id
   * @return the entry, or empty when there is none
   */
  Optional<DeadLetter> get(String id);

  /**
   * Puts one dead letter back in the queue with a fresh attempt count and removes it from this
   * store, in one atomic step.
   *
   * @param id the entry id
   * @return whether an entry with that id existed
   */
  boolean replay(String id);

  /**
   * Replays every dead letter.
   *
   * @return how many were replayed
   */
  int replayAll();

  /**
   * Removes one dead letter for good.
   *
   * @param id the entry id
   * @return whether an entry with that id existed
   */
  boolean discard(String id);

  /**
   * Counts the dead letters.
   *
   * @return the count
   */
  long size();
}
