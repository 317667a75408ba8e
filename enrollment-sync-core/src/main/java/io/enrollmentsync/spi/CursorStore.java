package io.enrollmentsync.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the poller keeps how far it has read the Admin API, so that a restart resumes there.
 *
 * @since 0.1.0
 */
public interface CursorStore {

  /**
   * Reads a cursor.
   *
   * @param name the cursor's name, one per site and walk
   * @return the saved position, or empty when none was saved
   */
  Optional<Instant> load(String name);

  /**
   * Saves a cursor, replacing the old value.
   *
   * @param name the cursor's name
   * @param position the new position
   */
  void save(String name, Instant position);
}
