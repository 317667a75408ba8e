package io.enrollmentsync.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Chooses the one instance that polls at a time, among all that share a store.
 *
 * @since 0.1.0
 */
public interface PollLease {

  /**
   * Tries to take the lease.
   *
   * @param name the lease's name
   * @param ttl how long the lease holds unless renewed
   * @return the held lease, or empty when another owner holds it
   */
  Optional<Held> tryAcquire(String name, Duration ttl);

  /**
   * A lease this instance holds.
   *
   * @since 0.1.0
   */
  interface Held extends AutoCloseable {

    /**
     * Extends the lease if this instance still owns it.
     *
     * @param ttl the new time to live
     * @return false when the lease was lost (expired and taken by another owner)
     */
    boolean renew(Duration ttl);

    /** Releases the lease if this instance still owns it; never releases another owner's. */
    @Override
    void close();
  }
}
