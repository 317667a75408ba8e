package io.enrollmentsync.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of a {@link RedisEventQueue}: where its keys live and how long things wait.
 *
 * <p>Immutable; build it with {@link #builder()}. Every key the queue writes starts with {@code
 * {<keyPrefix>}:}, so all of them share one hash tag and the queue also runs on Redis Cluster.
 *
 * @since 0.1.0
 */
public final class RedisQueueConfig {
  /** The key prefix unless one is set: keys then start with {@code {enrollment-sync}:}. */
  public static final String DEFAULT_KEY_PREFIX = "enrollment-sync";

  /** The consumer group unless one is set. */
  public static final String DEFAULT_GROUP = "workers";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:\\-]{1,100}");

  private final String keyPrefix;
  private final String group;
  private final Duration dedupeTtl;
  private final Duration visibilityTimeout;
  private final Duration blockTime;
  private final long maxLength;
  private final long deadLetterMaxLength;
  private final long quarantineMaxLength;
  private final Duration idleConsumerTimeout;

  private RedisQueueConfig(Builder b) {
    this.keyPrefix = b.keyPrefix;
    this.group = b.group;
    this.dedupeTtl = b.dedupeTtl;
    this.visibilityTimeout = b.visibilityTimeout;
    this.blockTime = b.blockTime;
    this.maxLength = b.maxLength;
    this.deadLetterMaxLength = b.deadLetterMaxLength;
    this.quarantineMaxLength = b.quarantineMaxLength;
    this.idleConsumerTimeout = b.idleConsumerTimeout;
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a new builder
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the settings with every default.
   *
   * @return the default settings
   * @since 0.1.0
   */
  public static RedisQueueConfig defaults() {
    return builder().build();
  }

  /**
   * Returns the key prefix, without braces.
   *
   * @return the prefix, {@value #DEFAULT_KEY_PREFIX} by default
   * @since 0.1.0
   */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * Returns the consumer group that all consumers of this queue join.
   *
   * @return the group name, {@value #DEFAULT_GROUP} by default
   * @since 0.1.0
   */
  public String group() {
    return group;
  }

  /**
   * Returns how long an event id is remembered to drop duplicates.
   *
   * @return the dedupe window, 7 days by default
   * @since 0.1.0
   */
  public Duration dedupeTtl() {
    return dedupeTtl;
  }

  /**
   * Returns how long an event may stay unacknowledged after its last delivery before another
   * consumer may claim it.
   *
   * @return the visibility timeout, 60 seconds by default
   * @since 0.1.0
   */
  public Duration visibilityTimeout() {
    return visibilityTimeout;
  }

  /**
   * Returns the longest a single blocking read waits on the server.
   *
   * @return the block time, 1 second by default
   * @since 0.1.0
   */
  public Duration blockTime() {
    return blockTime;
  }

  /**
   * Returns the most events the queue holds (ready, pending and delayed), or 0 for no bound.
   *
   * @return the bound, 0 (unbounded) by default
   * @since 0.1.0
   */
  public long maxLength() {
    return maxLength;
  }

  /**
   * Returns the most dead letters kept; the oldest is dropped past it.
   *
   * @return the cap, 10,000 by default
   * @since 0.1.0
   */
  public long deadLetterMaxLength() {
    return deadLetterMaxLength;
  }

  /**
   * Returns the most quarantined deliveries kept; the oldest is dropped past it.
   *
   * @return the cap, 1,000 by default
   * @since 0.1.0
   */
  public long quarantineMaxLength() {
    return quarantineMaxLength;
  }

  /**
   * Returns how long a consumer that holds no events may go without reading before it is removed
   * from the group.
   *
   * @return the timeout, 1 hour by default
   * @since 0.1.0
   */
  public Duration idleConsumerTimeout() {
    return idleConsumerTimeout;
  }

  @Override
  public String toString() {
    return "RedisQueueConfig{keyPrefix=" + keyPrefix + ", group=" + group + ", dedupeTtl="
        + dedupeTtl + ", visibilityTimeout=" + visibilityTimeout + ", blockTime=" + blockTime
        + ", maxLength=" + maxLength + ", deadLetterMaxLength=" + deadLetterMaxLength
        + ", quarantineMaxLength=" + quarantineMaxLength + ", idleConsumerTimeout="
        + idleConsumerTimeout + "}";
  }

  /**
   * Builds a {@link RedisQueueConfig}; every setter checks its value and names it when it is
   * rejected.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private String group = DEFAULT_GROUP;
    private Duration dedupeTtl = Duration.ofDays(7);
    private Duration visibilityTimeout = Duration.ofSeconds(60);
    private Duration blockTime = Duration.ofSeconds(1);
    private long maxLength;
    private long deadLetterMaxLength = 10_000;
    private long quarantineMaxLength = 1_000;
    private Duration idleConsumerTimeout = Duration.ofHours(1);

    private Builder() {}

    /**
     * Sets the key prefix; keys become {@code {<keyPrefix>}:...}.
     *
     * @param keyPrefix 1 to 100 letters, digits, {@code . _ : -}; no braces
     * @return this builder
     * @since 0.1.0
     */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = name("keyPrefix", keyPrefix);
      return this;
    }

    /**
     * Sets the consumer group name.
     *
     * @param group 1 to 100 letters, digits, {@code . _ : -}
     * @return this builder
     * @since 0.1.0
     */
    public Builder group(String group) {
      this.group = name("group", group);
      return this;
    }

    /**
     * Sets how long an event id is remembered to drop duplicates. Thinkific retries a failed
     * delivery for days, so keep it longer than that.
     *
     * @param dedupeTtl at least 1 second
     * @return this builder
     * @since 0.1.0
     */
    public Builder dedupeTtl(Duration dedupeTtl) {
      this.dedupeTtl = atLeast("dedupeTtl", dedupeTtl, Duration.ofSeconds(1));
      return this;
    }

    /**
     * Sets how long an event may stay unacknowledged after its last delivery before another
     * consumer may claim it. Keep it above the longest time a consumer needs for one batch, or a
     * slow consumer's events are applied twice (harmless, but wasted work).
     *
     * @param visibilityTimeout at least 10 milliseconds
     * @return this builder
     * @since 0.1.0
     */
    public Builder visibilityTimeout(Duration visibilityTimeout) {
      this.visibilityTimeout =
          atLeast("visibilityTimeout", visibilityTimeout, Duration.ofMillis(10));
      return this;
    }

    /**
     * Sets the longest a single blocking read waits on the server; a longer {@code take} waits
     * in several reads. Keep it below the Jedis client's socket timeout (2 seconds by default),
     * which also bounds these reads, so that a dead connection is noticed.
     *
     * @param blockTime from 10 milliseconds to 1 minute
     * @return this builder
     * @since 0.1.0
     */
    public Builder blockTime(Duration blockTime) {
      Duration checked = atLeast("blockTime", blockTime, Duration.ofMillis(10));
      if (checked.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException(
            "blockTime must be at most 1 minute, but was " + blockTime
                + "; use a value below the client's socket timeout, such as 1 second");
      }
      this.blockTime = checked;
      return this;
    }

    /**
     * Bounds the queue: when it holds this many events (ready, pending and delayed), {@code
     * offer} throws {@link io.enrollmentsync.SyncStoreUnavailableException} so that the webhook
     * answers 503 and Thinkific retries later.
     *
     * @param maxLength at least 1, or 0 for no bound
     * @return this builder
     * @since 0.1.0
     */
    public Builder maxLength(long maxLength) {
      if (maxLength < 0) {
        throw new IllegalArgumentException(
            "maxLength must be at least 1, or 0 for no bound, but was " + maxLength);
      }
      this.maxLength = maxLength;
      return this;
    }

    /**
     * Caps the dead-letter stream; past the cap the oldest dead letter is dropped, with a WARN.
     *
     * @param deadLetterMaxLength at least 1
     * @return this builder
     * @since 0.1.0
     */
    public Builder deadLetterMaxLength(long deadLetterMaxLength) {
      this.deadLetterMaxLength = positive("deadLetterMaxLength", deadLetterMaxLength);
      return this;
    }

    /**
     * Caps the quarantine of rejected deliveries; past the cap the oldest is dropped.
     *
     * @param quarantineMaxLength at least 1
     * @return this builder
     * @since 0.1.0
     */
    public Builder quarantineMaxLength(long quarantineMaxLength) {
      this.quarantineMaxLength = positive("quarantineMaxLength", quarantineMaxLength);
      return this;
    }

    /**
     * Sets how long a consumer that holds no events may go without reading before the queue
     * removes it from the group. Consumer names that include a process id would otherwise pile
     * up in the group with every restart. A consumer that holds events is never removed; one
     * removed by mistake is created again by its next read.
     *
     * @param idleConsumerTimeout at least 10 milliseconds
     * @return this builder
     * @since 0.1.0
     */
    public Builder idleConsumerTimeout(Duration idleConsumerTimeout) {
      this.idleConsumerTimeout =
          atLeast("idleConsumerTimeout", idleConsumerTimeout, Duration.ofMillis(10));
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the immutable settings
     * @since 0.1.0
     */
    public RedisQueueConfig build() {
      return new RedisQueueConfig(this);
    }

    private static String name(String setting, String value) {
      Objects.requireNonNull(value, setting + " == null");
      if (!NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(
            setting + " must be 1 to 100 letters, digits or . _ : - (no braces or spaces),"
                + " but was '" + value + "'");
      }
      return value;
    }

    private static Duration atLeast(String setting, Duration value, Duration min) {
      Objects.requireNonNull(value, setting + " == null");
      if (value.compareTo(min) < 0) {
        throw new IllegalArgumentException(
            setting + " must be at least " + min + ", but was " + value);
      }
      return value;
    }

    private static long positive(String setting, long value) {
      if (value < 1) {
        throw new IllegalArgumentException(setting + " must be at least 1, but was " + value);
      }
      return value;
    }
  }
}
