package io.enrollmentsync.thinkific;

import io.enrollmentsync.SyncConfigurationException;
import io.enrollmentsync.internal.Texts;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach the Thinkific Admin API: where, with which credentials, how fast and how patiently.
 *
 * <p>Immutable; build it with {@link #builder()}. Credentials are either a site API key with the
 * site's subdomain (a private app) or an OAuth bearer token (a public app). They are never part of
 * {@link #toString()}, of a log line or of an exception message.
 *
 * @since 0.1.0
 */
public final class ThinkificConfig {
  /** The public Admin API. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.thinkific.com/api/public/v1");

  /** The largest {@code limit} the API accepts. */
  public static final int MAX_PAGE_SIZE = 250;

  private final URI baseUrl;
  private final String apiKey;
  private final String subdomain;
  private final String bearerToken;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int pageSize;
  private final int requestsPerMinute;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxRateLimitWait;
  private final String userAgent;
  private final Clock clock;
  private final Sleeper sleeper;

  private ThinkificConfig(Builder b) {
    this.baseUrl = b.baseUrl;
    this.apiKey = b.apiKey;
    this.subdomain = b.subdomain;
    this.bearerToken = b.bearerToken;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.pageSize = b.pageSize;
    this.requestsPerMinute = b.requestsPerMinute;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxRateLimitWait = b.maxRateLimitWait;
    this.userAgent = b.userAgent;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
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
   * Returns the API's base URL, without a trailing slash.
   *
   * @return the base URL
   * @since 0.1.0
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Returns whether requests authenticate with an OAuth bearer token rather than an API key.
   *
   * @return true for a bearer token
   * @since 0.1.0
   */
  public boolean usesBearerToken() {
    return bearerToken != null;
  }

  /**
   * Returns the site's subdomain, sent with an API key.
   *
   * @return the subdomain, or null with a bearer token
   * @since 0.1.0
   */
  public String subdomain() {
    return subdomain;
  }

  String apiKey() {
    return apiKey;
  }

  String bearerToken() {
    return bearerToken;
  }

  /**
   * Returns how long to wait for a connection.
   *
   * @return the connect timeout
   * @since 0.1.0
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Returns how long to wait for one answer.
   *
   * @return the request timeout
   * @since 0.1.0
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * Returns the {@code limit} sent with every page request.
   *
   * @return from 1 to {@value #MAX_PAGE_SIZE}
   * @since 0.1.0
   */
  public int pageSize() {
    return pageSize;
  }

  /**
   * Returns how many requests this client may send in any 60 seconds.
   *
   * @return the budget
   * @since 0.1.0
   */
  public int requestsPerMinute() {
    return requestsPerMinute;
  }

  /**
   * Returns how many times one request is tried before a transient failure is given up.
   *
   * @return at least 1
   * @since 0.1.0
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the wait before the second attempt after a transient failure.
   *
   * @return the initial backoff
   * @since 0.1.0
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * Returns the longest wait between two attempts after a transient failure.
   *
   * @return the backoff cap
   * @since 0.1.0
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Returns the longest wait after a 429 or an exhausted budget, whatever the API asks for.
   *
   * @return the rate-limit wait cap
   * @since 0.1.0
   */
  public Duration maxRateLimitWait() {
    return maxRateLimitWait;
  }

  /**
   * Returns the {@code User-Agent} header.
   *
   * @return the user agent
   * @since 0.1.0
   */
  public String userAgent() {
    return userAgent;
  }

  /**
   * Returns the clock for rate limits and reset times.
   *
   * @return the clock
   * @since 0.1.0
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns what waits for rate limits and backoff.
   *
   * @return the sleeper
   * @since 0.1.0
   */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** Describes the configuration without its credentials. */
  @Override
  public String toString() {
    return "ThinkificConfig[baseUrl=" + baseUrl
        + ", auth=" + (usesBearerToken() ? "bearer-token" : "api-key, subdomain=" + subdomain)
        + ", pageSize=" + pageSize + ", requestsPerMinute=" + requestsPerMinute
        + ", maxAttempts=" + maxAttempts + "]";
  }

  /**
   * Builds a {@link ThinkificConfig}. Setters reject bad values with {@link
   * IllegalArgumentException}; {@link #build()} rejects missing or conflicting credentials.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private URI baseUrl = DEFAULT_BASE_URL;
    private String apiKey;
    private String subdomain;
    private String bearerToken;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int pageSize = MAX_PAGE_SIZE;
    private int requestsPerMinute = 120;
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration maxRateLimitWait = Duration.ofMinutes(2);
    private String userAgent = "enrollment-sync/0.1.0";
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();

    private Builder() {}

    /**
     * Sets the base URL, for a fake API in tests or a proxy; default {@link #DEFAULT_BASE_URL}.
     *
     * @param baseUrl an absolute http or https URL without credentials, query or fragment
     * @return this builder
     * @since 0.1.0
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      try {
        return baseUrl(new URI(baseUrl.trim()));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "baseUrl is not a valid URL (" + e.getReason() + "): use a URL such as "
                + DEFAULT_BASE_URL, e);
      }
    }

    /**
     * Sets the base URL; default {@link #DEFAULT_BASE_URL}.
     *
     * @param baseUrl an absolute http or https URL without credentials, query or fragment
     * @return this builder
     * @since 0.1.0
     */
    public Builder baseUrl(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      if (baseUrl.getRawUserInfo() != null) {
        // Never echo it: the user info is a credential.
        throw new IllegalArgumentException(
            "baseUrl must not contain user info: pass credentials with apiKey(...) or"
                + " bearerToken(...)");
      }
      String scheme =
          baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || baseUrl.getHost() == null) {
        throw new IllegalArgumentException(
            "baseUrl must be an absolute http or https URL, but was '" + baseUrl + "'");
      }
      if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "baseUrl must not have a query or fragment, but was '" + baseUrl + "'");
      }
      String text = baseUrl.toString();
      this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      return this;
    }

    /**
     * Authenticates with a site API key (a private app); needs {@link #subdomain(String)} too.
     *
     * @param apiKey the key, sent as {@code X-Auth-API-Key}; surrounding blanks are dropped
     * @return this builder
     * @since 0.1.0
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = credential(apiKey, "apiKey");
      return this;
    }

    /**
     * Sets the site's subdomain, sent as {@code X-Auth-Subdomain} with an API key.
     *
     * @param subdomain such as {@code acme} for {@code acme.thinkific.com}
     * @return this builder
     * @since 0.1.0
     */
    public Builder subdomain(String subdomain) {
      Objects.requireNonNull(subdomain, "subdomain == null");
      String value = subdomain.trim();
      if (!value.matches("[A-Za-z0-9][A-Za-z0-9-]{0,62}")) {
        throw new IllegalArgumentException(
            "subdomain must be the site's subdomain alone (letters, digits, hyphens), such as"
                + " 'acme' for acme.thinkific.com, but was '" + Texts.abbreviate(value) + "'");
      }
      this.subdomain = value;
      return this;
    }

    /**
     * Authenticates with an OAuth access token (a public app) instead of an API key.
     *
     * @param bearerToken the token, sent as {@code Authorization: Bearer}
     * @return this builder
     * @since 0.1.0
     */
    public Builder bearerToken(String bearerToken) {
      this.bearerToken = credential(bearerToken, "bearerToken");
      return this;
    }

    /**
     * Sets how long to wait for a connection; default 10 seconds.
     *
     * @param timeout positive
     * @return this builder
     * @since 0.1.0
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long to wait for one answer; default 30 seconds.
     *
     * @param timeout positive
     * @return this builder
     * @since 0.1.0
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * Sets the {@code limit} of every page request; default and maximum {@value #MAX_PAGE_SIZE}.
     *
     * @param pageSize from 1 to {@value #MAX_PAGE_SIZE}
     * @return this builder
     * @since 0.1.0
     */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        throw new IllegalArgumentException("pageSize must be from 1 to " + MAX_PAGE_SIZE
            + " (the API's maximum), but was " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Sets how many requests this client may send in any 60 seconds; default 120, the whole
     * budget of a standard site. Lower it when the host calls the API too, so that both together
     * stay under the site's limit; raise it on Thinkific Plus.
     *
     * @param requestsPerMinute from 1 to 10,000
     * @return this builder
     * @since 0.1.0
     */
    public Builder requestsPerMinute(int requestsPerMinute) {
      if (requestsPerMinute < 1 || requestsPerMinute > 10_000) {
        throw new IllegalArgumentException(
            "requestsPerMinute must be from 1 to 10000, but was " + requestsPerMinute);
      }
      this.requestsPerMinute = requestsPerMinute;
      return this;
    }

    /**
     * Sets how many times one request is tried before a transient failure (5xx, 52x, 429, a
     * network error) is given up; default 5.
     *
     * @param maxAttempts from 1 to 20
     * @return this builder
     * @since 0.1.0
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 20) {
        throw new IllegalArgumentException(
            "maxAttempts must be from 1 to 20, but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the backoff after transient failures: the first wait, doubled after each failure up to
     * the cap, each wait drawn between half and all of it; defaults 1 second and 30 seconds.
     *
     * @param initial the first wait, positive
     * @param max the cap, at least {@code initial}
     * @return this builder
     * @since 0.1.0
     */
    public Builder backoff(Duration initial, Duration max) {
      positive(initial, "initialBackoff");
      positive(max, "maxBackoff");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("maxBackoff (" + max + ") must be at least"
            + " initialBackoff (" + initial + ")");
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Caps every wait for a rate limit, whatever {@code Retry-After} or {@code RateLimit-Reset}
     * ask for; default 2 minutes.
     *
     * @param max positive
     * @return this builder
     * @since 0.1.0
     */
    public Builder maxRateLimitWait(Duration max) {
      this.maxRateLimitWait = positive(max, "maxRateLimitWait");
      return this;
    }

    /**
     * Sets the {@code User-Agent} header; default {@code enrollment-sync/0.1.0}.
     *
     * @param userAgent not blank
     * @return this builder
     * @since 0.1.0
     */
    public Builder userAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent == null");
      if (userAgent.isBlank()) {
        throw new IllegalArgumentException("userAgent must not be blank");
      }
      this.userAgent = userAgent;
      return this;
    }

    /**
     * Sets the clock for rate limits and reset times; default the system clock in UTC.
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
     * Sets what waits for rate limits and backoff; default {@link Sleeper#system()}.
     *
     * @param sleeper the sleeper
     * @return this builder
     * @since 0.1.0
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws SyncConfigurationException when credentials are missing or conflict
     * @since 0.1.0
     */
    public ThinkificConfig build() {
      if (bearerToken != null && (apiKey != null || subdomain != null)) {
        throw new SyncConfigurationException("Thinkific credentials conflict: set either apiKey"
            + " with subdomain (a private app) or bearerToken (OAuth), not both");
      }
      if (bearerToken == null && apiKey == null) {
        throw new SyncConfigurationException("Thinkific credentials are missing: set apiKey"
            + " with subdomain (a private app's site API key) or bearerToken (OAuth)");
      }
      if (apiKey != null && subdomain == null) {
        throw new SyncConfigurationException("Thinkific subdomain is missing: apiKey needs the"
            + " site's subdomain too, such as 'acme' for acme.thinkific.com");
      }
      return new ThinkificConfig(this);
    }

    private static String credential(String value, String name) {
      Objects.requireNonNull(value, name + " == null");
      String trimmed = value.trim();
      if (trimmed.isEmpty()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      for (int i = 0; i < trimmed.length(); i++) {
        char c = trimmed.charAt(i);
        if (c <= ' ' || c == 127) {
          // Never echo the value: it is a credential.
          throw new IllegalArgumentException(name + " contains a blank or control character at"
              + " position " + i + ": copy it again without line breaks or spaces");
        }
      }
      return trimmed;
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, but was " + value);
      }
      return value;
    }
  }
}
