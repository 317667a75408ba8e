package io.enrollmentsync.worker;

import io.enrollmentsync.SyncConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link SyncWorker}. Immutable; build it with {@link #builder()}.
 *
 * @param consumers how many consumer threads drain the queue
 * @param batchSize the most events applied in one repository call
 * @param linger how long a consumer waits to fill a batch after its first event (zero: apply what
 *     is there at once)
 * @param pollTimeout how long one read waits for events when the queue is empty
 * @param maxAttempts attempts before an event is dead-lettered, the first included
 * @param initialBackoff the delay before the second attempt
 * @param maxBackoff the longest delay between attempts
 * @param consumerNamePrefix prefix of consumer names; the thread index is appended, so a restarted
 *     process with the same prefix takes back its own unacknowledged events at once
 * @since 0.1.0
 */
public record WorkerConfig(
    int consumers,
    int batchSize,
    Duration linger,
    Duration pollTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    String consumerNamePrefix) {

  /** Validates the settings, naming the bad value. */
  public WorkerConfig {
    atLeast("consumers", consumers, 1, 64);
    atLeast("batchSize", batchSize, 1, 10_000);
    atLeast("maxAttempts", maxAttempts, 1, 1_000);
    nonNegative("linger", linger);
    positive("pollTimeout", pollTimeout);
    positive("initialBackoff", initialBackoff);
    positive("maxBackoff", maxBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new SyncConfigurationException("maxBackoff (" + maxBackoff
          + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
    }
    Objects.requireNonNull(consumerNamePrefix, "consumerNamePrefix == null");
    if (consumerNamePrefix.isBlank()) {
      throw new SyncConfigurationException("consumerNamePrefix must not be blank");
    }
  }

  /**
   * Starts a builder with the defaults: 2 consumers, batches of 100, no linger, 1 s poll, 8
   * attempts, backoff from 1 s to 5 min, names from the host name and process id.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private static void atLeast(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new SyncConfigurationException(
          name + " must be from " + min + " to " + max + ", but was " + value);
    }
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isNegative() || value.isZero()) {
      throw new SyncConfigurationException(name + " must be positive, but was " + value);
    }
  }

  private static void nonNegative(String name, Duration value) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isNegative()) {
      throw new SyncConfigurationException(name + " must not be negative, but was " + value);
    }
  }

  /**
   * Builds a {@link WorkerConfig}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private int consumers = 2;
    private int batchSize = 100;
    private Duration linger = Duration.ZERO;
    private Duration pollTimeout = Duration.ofSeconds(1);
    private int maxAttempts = 8;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(5);
    private String consumerNamePrefix = defaultConsumerName();

    private Builder() {}

    /**
     * Sets the number of consumer threads.
     *
     * @param n from 1 to 64
     * @return this builder
     */
    public Builder consumers(int n) {
      this.consumers = n;
      return this;
    }

    /**
     * Sets the batch size.
     *
     * @param n from 1 to 10,000
     * @return this builder
     */
    public Builder batchSize(int n) {
      this.batchSize = n;
      return this;
    }

    /**
     * Sets how long to wait to fill a batch.
     *
     * @param linger zero or more
     * @return this builder
     */
    public Builder linger(Duration linger) {
      this.linger = linger;
      return this;
    }

    /**
     * Sets how long one read waits when the queue is empty.
     *
     * @param timeout positive; keep it below the store's socket timeout
     * @return this builder
     */
    public Builder pollTimeout(Duration timeout) {
      this.pollTimeout = timeout;
      return this;
    }

    /**
     * Sets the attempts before dead-lettering.
     *
     * @param n from 1 to 1,000
     * @return this builder
     */
    public Builder maxAttempts(int n) {
      this.maxAttempts = n;
      return this;
    }

    /**
     * Sets the exponential backoff between attempts; each delay is drawn at random between half
     * and all of the capped exponential value, so retries of many events spread out.
     *
     * @param initial the delay before the second attempt
     * @param max the cap
     * @return this builder
     */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Sets the prefix of consumer names.
     *
     * @param prefix stable across restarts of the same instance
     * @return this builder
     */
    public Builder consumerNamePrefix(String prefix) {
      this.consumerNamePrefix = prefix;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     */
    public WorkerConfig build() {
      return new WorkerConfig(consumers, batchSize, linger, pollTimeout, maxAttempts,
          initialBackoff, maxBackoff, consumerNamePrefix);
    }

    private static String defaultConsumerName() {
      String host = System.getenv("HOSTNAME");
      if (host == null || host.isBlank()) {
        try {
          host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
          host = "host";
        }
      }
      return host + "-" + ProcessHandle.current().pid();
    }
  }
}
