package io.enrollmentsync.spi;

import java.util.List;
import java.util.Optional;

/**
 * The operator's view of events that failed every attempt: inspect them, put them back in the
 * queue once the cause is fixed, or drop them.
 *
 * <p>Ids are the store's own (a Redis stream id such as {@code 1700000000000-0}, {@code d-1} in
 * memory). A string that is not such an id, including one of the right shape whose numbers are
 * out of range, is the caller's mistake and never a store failure: {@link #list} refuses it as an
 * {@code afterId} with an {@link IllegalArgumentException}, and {@link #get}, {@link #replay} and
 * {@link #discard} report it as absent. Neither sends it to the backing store.
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
   * @throws IllegalArgumentException when {@code limit} is out of range or {@code afterId} is not
   *     an id of this store
   */
  List<DeadLetter> list(String afterId, int limit);

  /**
   * Reads one dead letter.
   *
   * @param id the entry id
   * @return the entry, or empty when there is none, also when {@code id} is not an id of this
   *     store
   */
  Optional<DeadLetter> get(String id);

  /**
   * Puts one dead letter back in the queue with a fresh attempt count and removes it from this
   * store, in one atomic step.
   *
   * @param id the entry id
   * @return whether an entry with that id existed; false when {@code id} is not an id of this
   *     store
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
   * @return whether an entry with that id existed; false when {@code id} is not an id of this
   *     store
   */
  boolean discard(String id);

  /**
   * Counts the dead letters.
   *
   * @return the count
   */
  long size();
}
