package io.enrollmentsync.internal.redis;

/**
 * The names of the Redis keys of one queue. All start with {@code {<prefix>}:} so they share one
 * hash tag and land in one Redis Cluster slot, which the Lua scripts need.
 */
public final class QueueKeys {
  private final String base;

  /**
   * Creates the key names for a prefix.
   *
   * @param prefix the key prefix, without braces
   */
  public QueueKeys(String prefix) {
    this.base = "{" + prefix + "}:";
  }

  /**
   * Returns the pattern that matches every key of this queue and of the other Redis components
   * sharing its prefix, for SCAN.
   *
   * @return a pattern such as {@code {enrollment-sync}:*}
   */
  public String pattern() {
    return base + "*";
  }

  /**
   * Returns the stream of queued events: ready ones and pending ones.
   *
   * @return the key
   */
  public String events() {
    return base + "events";
  }

  /**
   * Returns the dedupe mark of one event.
   *
   * @param eventId the event id
   * @return the key
   */
  public String seen(String eventId) {
    return base + "seen:" + eventId;
  }

  /**
   * Returns the sorted set of retries, scored by the epoch ms they are due.
   *
   * @return the key
   */
  public String delayed() {
    return base + "delayed";
  }

  /**
   * Returns the hash of retried events, keyed by their member in {@link #delayed()}.
   *
   * @return the key
   */
  public String delayedEvents() {
    return base + "delayed:events";
  }

  /**
   * Returns the capped stream of dead letters.
   *
   * @return the key
   */
  public String dead() {
    return base + "dead";
  }

  /**
   * Returns the capped stream of rejected deliveries.
   *
   * @return the key
   */
  public String quarantine() {
    return base + "quarantine";
  }
}
