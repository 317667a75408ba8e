package io.enrollmentsync.poller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How the sync poller runs: how often, how far back it looks, and how it shares work with other
 * instances. Immutable; build it with {@link #builder()}.
 *
 * @since 0.1.0
 */
public final class PollerConfig {
  /** The shortest interval between scheduled runs. */
  public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

  /** The longest interval between scheduled runs. */
  public static final Duration MAX_INTERVAL = Duration.ofHours(1);

  private final Duration interval;
  private final Duration jitter;
  private final Duration initialDelay;
  private final Duration overlap;
  private final Duration safetyLag;
  private final Instant backfillFrom;
  private final Duration catchUpThreshold;
  private final String cursorName;
  private final String leaseName;
  private final Duration leaseTtl;
  private final int maxPagesPerSlice;
  private final Clock clock;

  private PollerConfig(Builder b) {
    this.interval = b.interval;
    this.jitter = b.jitter;
    this.initialDelay = b.initialDelay;
    this.overlap = b.overlap;
    this.safetyLag = b.safetyLag;
    this.backfillFrom = b.backfillFrom;
    this.catchUpThreshold = b.catchUpThreshold;
    this.cursorName = b.cursorName;
    this.leaseName = b.leaseName;
    this.leaseTtl = b.leaseTtl;
    this.maxPagesPerSlice = b.maxPagesPerSlice;
    this.clock = b.clock;
  }

  /**
   * Starts a configuration with the defaults.
   *
   * @return a new builder
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the time between the end of one scheduled run and the start of the next, before
   * jitter.
   *
   * @return the interval
   * @since 0.1.0
   */
  public Duration interval() {
    return interval;
  }

  /**
   * Returns the most random time added to each wait, so instances that start together spread out.
   *
   * @return the jitter
   * @since 0.1.0
   */
  public Duration jitter() {
    return jitter;
  }

  /**
   * Returns the wait before the first scheduled run after {@link SyncPoller#start()}, before
   * jitter.
   *
   * @return the initial delay
   * @since 0.1.0
   */
  public Duration initialDelay() {
    return initialDelay;
  }

  /**
   * Returns how far before the cursor each run starts reading, to catch rows that became visible
   * late and rows within the same second as the cursor.
   *
   * @return the overlap
   * @since 0.1.0
   */
  public Duration overlap() {
    return overlap;
  }

  /**
   * Returns how far behind now each run stops reading, so rows still being written are left to
   * the next run.
   *
   * @return the safety lag
   * @since 0.1.0
   */
  public Duration safetyLag() {
    return safetyLag;
  }

  /**
   * Returns where the first run starts when no cursor is saved.
   *
   * @return the start, or null to read every enrollment the site has
   * @since 0.1.0
   */
  public Instant backfillFrom() {
    return backfillFrom;
  }

  /**
   * Returns the window length above which a run is a catch-up: it saves the cursor after each
   * completed slice, so a crash resumes where it stopped, and logs its progress.
   *
   * @return the threshold
   * @since 0.1.0
   */
  public Duration catchUpThreshold() {
    return catchUpThreshold;
  }

  /**
   * Returns the name of the cursor in the {@link io.enrollmentsync.spi.CursorStore}.
   *
   * @return the cursor name
   * @since 0.1.0
   */
  public String cursorName() {
    return cursorName;
  }

  /**
   * Returns the name of the lease in the {@link io.enrollmentsync.spi.PollLease}.
   *
   * @return the lease name
   * @since 0.1.0
   */
  public String leaseName() {
    return leaseName;
  }

  /**
   * Returns how long the lease holds without renewal; a run renews it every third of that.
   *
   * @return the lease time to live
   * @since 0.1.0
   */
  public Duration leaseTtl() {
    return leaseTtl;
  }

  /**
   * Returns the most pages read in one walk of a one-second slice that does not fit in a page.
   *
   * @return the page cap
   * @since 0.1.0
   */
  public int maxPagesPerSlice() {
    return maxPagesPerSlice;
  }

  /**
   * Returns the clock for windows, schedules and ages.
   *
   * @return the clock
   * @since 0.1.0
   */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "PollerConfig[interval=" + interval + ", jitter=" + jitter + ", overlap=" + overlap
        + ", safetyLag=" + safetyLag + ", backfillFrom=" + backfillFrom + ", cursorName="
        + cursorName + ", leaseName=" + leaseName + ", leaseTtl=" + leaseTtl + "]";
  }

  /**
   * Builds a {@link PollerConfig}; each setter rejects a bad value with {@link
   * IllegalArgumentException} naming the setting and the value.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Duration interval = Duration.ofMinutes(3);
    private Duration jitter = Duration.ofSeconds(20);
    private Duration initialDelay = Duration.ofSeconds(30);
    private Duration overlap = Duration.ofMinutes(2);
    private Duration safetyLag = Duration.ofSeconds(5);
    private Instant backfillFrom;
    private Duration catchUpThreshold = Duration.ofHours(1);
    private String cursorName = "enrollments";
    private String leaseName = "poller";
    private Duration leaseTtl = Duration.ofSeconds(60);
    private int maxPagesPerSlice = 400;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the time between scheduled runs; default 3 minutes.
     *
     * @param interval from 1 minute to 1 hour
     * @return this builder
     * @since 0.1.0
     */
    public Builder interval(Duration interval) {
      this.interval = between(interval, "interval", MIN_INTERVAL, MAX_INTERVAL);
      return this;
    }

    /**
     * Sets the most random time added to each wait; default 20 seconds.
     *
     * @param jitter from zero to half the interval
     * @return this builder
     * @since 0.1.0
     */
    public Builder jitter(Duration jitter) {
      this.jitter = between(jitter, "jitter", Duration.ZERO, MAX_INTERVAL.dividedBy(2));
      return this;
    }

    /**
     * Sets the wait before the first scheduled run; default 30 seconds, so an application
     * finishes starting first.
     *
     * @param delay from zero to 1 hour
     * @return this builder
     * @since 0.1.0
     */
    public Builder initialDelay(Duration delay) {
      this.initialDelay = between(delay, "initialDelay", Duration.ZERO, MAX_INTERVAL);
      return this;
    }

    /**
     * Sets how far before the cursor each run starts; default 2 minutes. Longer catches rows that
     * become visible later, at the cost of reading more duplicates.
     *
     * @param overlap from 1 second (the filters compare whole seconds) to 1 day
     * @return this builder
     * @since 0.1.0
     */
    public Builder overlap(Duration overlap) {
      this.overlap = between(overlap, "overlap", Duration.ofSeconds(1), Duration.ofDays(1));
      return this;
    }

    /**
     * Sets how far behind now each run stops; default 5 seconds.
     *
     * @param lag from zero to 10 minutes
     * @return this builder
     * @since 0.1.0
     */
    public Builder safetyLag(Duration lag) {
      this.safetyLag = between(lag, "safetyLag", Duration.ZERO, Duration.ofMinutes(10));
      return this;
    }

    /**
     * Sets where the first run starts when no cursor is saved; default none, which reads every
     * enrollment the site has. A saved cursor always wins.
     *
     * @param from the start, or null for everything
     * @return this builder
     * @since 0.1.0
     */
    public Builder backfillFrom(Instant from) {
      this.backfillFrom = from;
      return this;
    }

    /**
     * Sets the window length above which a run saves its cursor slice by slice; default 1 hour.
     * Shorter windows are all or nothing: the cursor moves only when the whole window is queued.
     *
     * @param threshold at least 1 minute
     * @return this builder
     * @since 0.1.0
     */
    public Builder catchUpThreshold(Duration threshold) {
      this.catchUpThreshold = between(
          threshold, "catchUpThreshold", Duration.ofMinutes(1), Duration.ofDays(3650));
      return this;
    }

    /**
     * Sets the cursor's name; default {@code enrollments}. Give each site its own when one store
     * serves several sites.
     *
     * @param name not blank
     * @return this builder
     * @since 0.1.0
     */
    public Builder cursorName(String name) {
      this.cursorName = name(name, "cursorName");
      return this;
    }

    /**
     * Sets the lease's name; default {@code poller}. Give each site its own when one store serves
     * several sites.
     *
     * @param name not blank
     * @return this builder
     * @since 0.1.0
     */
    public Builder leaseName(String name) {
      this.leaseName = name(name, "leaseName");
      return this;
    }

    /**
     * Sets how long the lease holds without renewal; default 60 seconds. An instance that dies
     * while polling blocks the others for at most this long.
     *
     * @param ttl from 100 milliseconds to 1 hour
     * @return this builder
     * @since 0.1.0
     */
    public Builder leaseTtl(Duration ttl) {
      this.leaseTtl = between(ttl, "leaseTtl", Duration.ofMillis(100), Duration.ofHours(1));
      return this;
    }

    /**
     * Sets the most pages read in one walk of a one-second slice that holds more rows than a page
     * (a bulk change); default 400, that is 100,000 rows at 250 a page.
     *
     * @param pages from 1 to 100,000
     * @return this builder
     * @since 0.1.0
     */
    public Builder maxPagesPerSlice(int pages) {
      if (pages < 1 || pages > 100_000) {
        throw new IllegalArgumentException(
            "maxPagesPerSlice must be from 1 to 100000, but was " + pages);
      }
      this.maxPagesPerSlice = pages;
      return this;
    }

    /**
     * Sets the clock; default the system clock in UTC.
     *
     * @param clock the clock
     * @return this builder
     * @since 0.1.0
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException when the jitter is more than half the interval
     * @since 0.1.0
     */
    public PollerConfig build() {
      if (jitter.compareTo(interval.dividedBy(2)) > 0) {
        throw new IllegalArgumentException("jitter (" + jitter + ") must be at most half the"
            + " interval (" + interval + "): lower the jitter or raise the interval");
      }
      return new PollerConfig(this);
    }

    private static Duration between(Duration value, String name, Duration min, Duration max) {
      Objects.requireNonNull(value, name + " == null");
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            name + " must be from " + min + " to " + max + ", but was " + value);
      }
      return value;
    }

    private static String name(String value, String setting) {
      Objects.requireNonNull(value, setting + " == null");
      if (value.isBlank()) {
        throw new IllegalArgumentException(setting + " must not be blank");
      }
      return value;
    }
  }
}
