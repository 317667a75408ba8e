package io.enrollmentsync.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code enrollment-sync.*} properties.
 *
 * <p>A setting left unset keeps the core library's default, so the defaults live in one place:
 * the builders of {@code WebhookConfig}, {@code WorkerConfig} and the other core settings.
 * The properties validate themselves when they are bound, by handing each value to the core
 * builder that will use it: a bad value fails start-up with a message naming the property.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(EnrollmentSyncProperties.PREFIX)
public class EnrollmentSyncProperties implements Validator {
  /** The prefix of every property. */
  public static final String PREFIX = "enrollment-sync";

  /** Whether to auto-configure enrollment-sync at all. */
  private boolean enabled = true;

  private final Webhook webhook = new Webhook();

  private final Worker worker = new Worker();

  private final Redis redis = new Redis();

  private final Jdbc jdbc = new Jdbc();

  private final Thinkific thinkific = new Thinkific();

  private final Poller poller = new Poller();

  private final Admin admin = new Admin();

  private final Health health = new Health();


  /**
   * Returns whether the auto-configuration is on.
   *
   * @return true unless switched off
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Switches the auto-configuration on or off.
   *
   * @param enabled whether it is on
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns the webhook settings.
   *
   * @return the settings
   */
  public Webhook getWebhook() {
    return webhook;
  }

  /**
   * Returns the worker settings.
   *
   * @return the settings
   */
  public Worker getWorker() {
    return worker;
  }

  /**
   * Returns the Redis settings.
   *
   * @return the settings
   */
  public Redis getRedis() {
    return redis;
  }

  /**
   * Returns the JDBC settings.
   *
   * @return the settings
   */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /**
   * Returns the Thinkific API settings.
   *
   * @return the settings
   */
  public Thinkific getThinkific() {
    return thinkific;
  }

  /**
   * Returns the poller settings.
   *
   * @return the settings
   */
  public Poller getPoller() {
    return poller;
  }

  /**
   * Returns the admin API settings.
   *
   * @return the settings
   */
  public Admin getAdmin() {
    return admin;
  }

  /**
   * Returns the health check thresholds.
   *
   * @return the settings
   */
  public Health getHealth() {
    return health;
  }

  @Override
  public boolean supports(Class<?> type) {
    return EnrollmentSyncProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    PropertiesValidation.validate((EnrollmentSyncProperties) target, errors);
  }

  /**
   * Where webhooks arrive and how they are checked.
   *
   * @since 0.1.0
   */
  public static class Webhook {
    /** The path the webhook servlet is registered at. */
    private String path = "/api/webhooks/enrollment";

    /**
     * The active signing keys: the site API key and/or the app's client secret. Several may be
     * active during a rotation. Required; the environment variable THINKIFIC_WEBHOOK_SECRET
     * sets them too, comma-separated.
     */
    private List<String> secrets = new ArrayList<>();

    /**
     * Whether deliveries without a signature header are accepted (and marked unsigned). Only for
     * webhooks created by hand in the admin UI, which Thinkific may not sign. Default false.
     */
    private @Nullable Boolean allowUnsigned;

    /** The largest body accepted; larger ones get 413. Default 1MB. */
    private @Nullable DataSize maxBodySize;

    /** The Retry-After sent with 503 when the queue cannot take an event. Default 5s. */
    private @Nullable Duration retryAfter;

    /**
     * Returns the webhook path.
     *
     * @return the path
     */
    public String getPath() {
      return path;
    }

    /**
     * Sets the webhook path.
     *
     * @param path a path starting with {@code /}
     */
    public void setPath(String path) {
      this.path = path;
    }

    /**
     * Returns the signing keys.
     *
     * @return the keys
     */
    public List<String> getSecrets() {
      return secrets;
    }

    /**
     * Sets the signing keys.
     *
     * @param secrets the keys
     */
    public void setSecrets(List<String> secrets) {
      this.secrets = secrets;
    }

    /**
     * Returns whether unsigned deliveries are accepted.
     *
     * @return the setting, or null for the default
     */
    public @Nullable Boolean getAllowUnsigned() {
      return allowUnsigned;
    }

    /**
     * Sets whether unsigned deliveries are accepted.
     *
     * @param allowUnsigned the setting
     */
    public void setAllowUnsigned(@Nullable Boolean allowUnsigned) {
      this.allowUnsigned = allowUnsigned;
    }

    /**
     * Returns the body limit.
     *
     * @return the limit, or null for the default
     */
    public @Nullable DataSize getMaxBodySize() {
      return maxBodySize;
    }

    /**
     * Sets the body limit.
     *
     * @param maxBodySize the limit
     */
    public void setMaxBodySize(@Nullable DataSize maxBodySize) {
      this.maxBodySize = maxBodySize;
    }

    /**
     * Returns the Retry-After delay.
     *
     * @return the delay, or null for the default
     */
    public @Nullable Duration getRetryAfter() {
      return retryAfter;
    }

    /**
     * Sets the Retry-After delay.
     *
     * @param retryAfter the delay
     */
    public void setRetryAfter(@Nullable Duration retryAfter) {
      this.retryAfter = retryAfter;
    }
  }

  /**
   * How the worker drains the queue into the repository.
   *
   * @since 0.1.0
   */
  public static class Worker {
    /** How many consumer threads drain the queue, from 1 to 64. Default 2. */
    private @Nullable Integer consumers;

    /** The most events applied in one repository call, from 1 to 10000. Default 100. */
    private @Nullable Integer batchSize;

    /** How long a consumer waits to fill a batch after its first event. Default 0s. */
    private @Nullable Duration linger;

    /** How long one read waits for events when the queue is empty. Default 1s. */
    private @Nullable Duration pollTimeout;

    /** Attempts before an event is dead-lettered, the first included. Default 8. */
    private @Nullable Integer maxAttempts;

    /** The delay before the second attempt. Default 1s. */
    private @Nullable Duration initialBackoff;

    /** The longest delay between attempts. Default 5m. */
    private @Nullable Duration maxBackoff;

    /**
     * Prefix of consumer names, stable across restarts of one instance so that a restarted
     * process takes back its own unacknowledged events at once. Default: host name and pid.
     */
    private @Nullable String consumerNamePrefix;

    /** How long stopping waits for in-flight events. Default 10s. */
    private @Nullable Duration shutdownTimeout;

    /**
     * Returns the consumer count.
     *
     * @return the count, or null for the default
     */
    public @Nullable Integer getConsumers() {
      return consumers;
    }

    /**
     * Sets the consumer count.
     *
     * @param consumers the count
     */
    public void setConsumers(@Nullable Integer consumers) {
      this.consumers = consumers;
    }

    /**
     * Returns the batch size.
     *
     * @return the size, or null for the default
     */
    public @Nullable Integer getBatchSize() {
      return batchSize;
    }

    /**
     * Sets the batch size.
     *
     * @param batchSize the size
     */
    public void setBatchSize(@Nullable Integer batchSize) {
      this.batchSize = batchSize;
    }

    /**
     * Returns the linger.
     *
     * @return the linger, or null for the default
     */
    public @Nullable Duration getLinger() {
      return linger;
    }

    /**
     * Sets the linger.
     *
     * @param linger the linger
     */
    public void setLinger(@Nullable Duration linger) {
      this.linger = linger;
    }

    /**
     * Returns the poll timeout.
     *
     * @return the timeout, or null for the default
     */
    public @Nullable Duration getPollTimeout() {
      return pollTimeout;
    }

    /**
     * Sets the poll timeout.
     *
     * @param pollTimeout the timeout
     */
    public void setPollTimeout(@Nullable Duration pollTimeout) {
      this.pollTimeout = pollTimeout;
    }

    /**
     * Returns the attempts.
     *
     * @return the attempts, or null for the default
     */
    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    /**
     * Sets the attempts.
     *
     * @param maxAttempts the attempts
     */
    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /**
     * Returns the initial backoff.
     *
     * @return the backoff, or null for the default
     */
    public @Nullable Duration getInitialBackoff() {
      return initialBackoff;
    }

    /**
     * Sets the initial backoff.
     *
     * @param initialBackoff the backoff
     */
    public void setInitialBackoff(@Nullable Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    /**
     * Returns the backoff cap.
     *
     * @return the cap, or null for the default
     */
    public @Nullable Duration getMaxBackoff() {
      return maxBackoff;
    }

    /**
     * Sets the backoff cap.
     *
     * @param maxBackoff the cap
     */
    public void setMaxBackoff(@Nullable Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    /**
     * Returns the consumer name prefix.
     *
     * @return the prefix, or null for the default
     */
    public @Nullable String getConsumerNamePrefix() {
      return consumerNamePrefix;
    }

    /**
     * Sets the consumer name prefix.
     *
     * @param consumerNamePrefix the prefix
     */
    public void setConsumerNamePrefix(@Nullable String consumerNamePrefix) {
      this.consumerNamePrefix = consumerNamePrefix;
    }

    /**
     * Returns the shutdown timeout.
     *
     * @return the timeout, or null for the default
     */
    public @Nullable Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    /**
     * Sets the shutdown timeout.
     *
     * @param shutdownTimeout the timeout
     */
    public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }
  }

  /**
   * The Redis server that holds the queue. Setting {@code host} switches the queue from memory to
   * Redis. The starter opens its own pool from these settings.
   *
   * @since 0.1.0
   */
  public static class Redis {
    /**
     * The Redis host; when set, the queue lives in Redis. The environment variable REDIS_HOST
     * sets it too.
     */
    private @Nullable String host;

    /** The Redis port. The environment variable REDIS_PORT sets it too. */
    private int port = 6379;

    /** The ACL user name, for Redis 6 ACLs; leave unset for the default user. */
    private @Nullable String username;

    /** The Redis password. The environment variable REDIS_PASSWORD sets it too. */
    private @Nullable String password;

    /** The database index. */
    private int database;

    /** Whether to connect with TLS. */
    private boolean ssl;

    /** Connect timeout. */
    private Duration connectTimeout = Duration.ofSeconds(2);

    /**
     * Socket read timeout; keep it above the queue's blocking read time, since consumers wait in
     * blocking reads.
     */
    private Duration timeout = Duration.ofSeconds(10);

    /**
     * The most connections in the pool. Each consumer holds one while it waits for events, and
     * webhook requests need their own, so keep it well above the consumer count.
     */
    private int maxConnections = 16;

    /**
     * Prefix of every queue key, without braces; keys share it as a hash tag so the queue also
     * runs on Redis Cluster. Give each application (or test) sharing a Redis its own. Default
     * enrollment-sync. The environment variable REDIS_KEY_PREFIX sets it too.
     */
    private @Nullable String keyPrefix;

    /** The consumer group all instances join. Default workers. */
    private @Nullable String consumerGroup;

    /** How long an event id is remembered for dedupe. Default 7d. */
    private @Nullable Duration dedupeTtl;

    /** How long a delivered event may stay unacknowledged before another consumer claims it. */
    private @Nullable Duration visibilityTimeout;

    /** How long one blocking read waits; keep it below the socket timeout. */
    private @Nullable Duration blockTime;

    /** Approximate cap on the stream length, or 0 for no cap. */
    private @Nullable Long maxLength;

    /** Cap on the number of dead letters kept. */
    private @Nullable Long deadLetterMaxLength;

    /** Cap on the number of quarantined (unparseable) deliveries kept. */
    private @Nullable Long quarantineMaxLength;

    /**
     * Returns the host.
     *
     * @return the host, or null when Redis is not used
     */
    public @Nullable String getHost() {
      return host;
    }

    /**
     * Sets the host.
     *
     * @param host the host
     */
    public void setHost(@Nullable String host) {
      this.host = host;
    }

    /**
     * Returns the port.
     *
     * @return the port
     */
    public int getPort() {
      return port;
    }

    /**
     * Sets the port.
     *
     * @param port the port
     */
    public void setPort(int port) {
      this.port = port;
    }

    /**
     * Returns the user name.
     *
     * @return the user, or null
     */
    public @Nullable String getUsername() {
      return username;
    }

    /**
     * Sets the user name.
     *
     * @param username the user
     */
    public void setUsername(@Nullable String username) {
      this.username = username;
    }

    /**
     * Returns the password.
     *
     * @return the password, or null
     */
    public @Nullable String getPassword() {
      return password;
    }

    /**
     * Sets the password.
     *
     * @param password the password
     */
    public void setPassword(@Nullable String password) {
      this.password = password;
    }

    /**
     * Returns the database index.
     *
     * @return the index
     */
    public int getDatabase() {
      return database;
    }

    /**
     * Sets the database index.
     *
     * @param database the index
     */
    public void setDatabase(int database) {
      this.database = database;
    }

    /**
     * Returns whether TLS is used.
     *
     * @return whether TLS is used
     */
    public boolean isSsl() {
      return ssl;
    }

    /**
     * Sets whether TLS is used.
     *
     * @param ssl whether TLS is used
     */
    public void setSsl(boolean ssl) {
      this.ssl = ssl;
    }

    /**
     * Returns the connect timeout.
     *
     * @return the timeout
     */
    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    /**
     * Sets the connect timeout.
     *
     * @param connectTimeout the timeout
     */
    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    /**
     * Returns the socket timeout.
     *
     * @return the timeout
     */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets the socket timeout.
     *
     * @param timeout the timeout
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    /**
     * Returns the pool size.
     *
     * @return the most connections
     */
    public int getMaxConnections() {
      return maxConnections;
    }

    /**
     * Sets the pool size.
     *
     * @param maxConnections the most connections
     */
    public void setMaxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
    }
    /**
     * Returns the key prefix.
     *
     * @return the prefix, or null for the default
     */
    public @Nullable String getKeyPrefix() {
      return keyPrefix;
    }

    /**
     * Sets the key prefix.
     *
     * @param keyPrefix the prefix
     */
    public void setKeyPrefix(@Nullable String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    /**
     * Returns the consumer group.
     *
     * @return the group, or null for the default
     */
    public @Nullable String getConsumerGroup() {
      return consumerGroup;
    }

    /**
     * Sets the consumer group.
     *
     * @param consumerGroup the group
     */
    public void setConsumerGroup(@Nullable String consumerGroup) {
      this.consumerGroup = consumerGroup;
    }

    /**
     * Returns the dedupe window.
     *
     * @return the window, or null for the default
     */
    public @Nullable Duration getDedupeTtl() {
      return dedupeTtl;
    }

    /**
     * Sets the dedupe window.
     *
     * @param dedupeTtl the window
     */
    public void setDedupeTtl(@Nullable Duration dedupeTtl) {
      this.dedupeTtl = dedupeTtl;
    }

    /**
     * Returns the visibility timeout.
     *
     * @return the timeout, or null for the default
     */
    public @Nullable Duration getVisibilityTimeout() {
      return visibilityTimeout;
    }

    /**
     * Sets the visibility timeout.
     *
     * @param visibilityTimeout the timeout
     */
    public void setVisibilityTimeout(@Nullable Duration visibilityTimeout) {
      this.visibilityTimeout = visibilityTimeout;
    }

    /**
     * Returns the blocking read time.
     *
     * @return the time, or null for the default
     */
    public @Nullable Duration getBlockTime() {
      return blockTime;
    }

    /**
     * Sets the blocking read time.
     *
     * @param blockTime the time
     */
    public void setBlockTime(@Nullable Duration blockTime) {
      this.blockTime = blockTime;
    }

    /**
     * Returns the stream cap.
     *
     * @return the cap, or null for the default
     */
    public @Nullable Long getMaxLength() {
      return maxLength;
    }

    /**
     * Sets the stream cap.
     *
     * @param maxLength the cap
     */
    public void setMaxLength(@Nullable Long maxLength) {
      this.maxLength = maxLength;
    }

    /**
     * Returns the dead-letter cap.
     *
     * @return the cap, or null for the default
     */
    public @Nullable Long getDeadLetterMaxLength() {
      return deadLetterMaxLength;
    }

    /**
     * Sets the dead-letter cap.
     *
     * @param deadLetterMaxLength the cap
     */
    public void setDeadLetterMaxLength(@Nullable Long deadLetterMaxLength) {
      this.deadLetterMaxLength = deadLetterMaxLength;
    }

    /**
     * Returns the quarantine cap.
     *
     * @return the cap, or null for the default
     */
    public @Nullable Long getQuarantineMaxLength() {
      return quarantineMaxLength;
    }

    /**
     * Sets the quarantine cap.
     *
     * @param quarantineMaxLength the cap
     */
    public void setQuarantineMaxLength(@Nullable Long quarantineMaxLength) {
      this.quarantineMaxLength = quarantineMaxLength;
    }
  }

  /**
   * Where enrollments are stored when the application has a DataSource.
   *
   * @since 0.1.0
   */
  public static class Jdbc {
    /**
     * The enrollment table, optionally qualified by a schema. Default enrollment_sync_enrollment.
     */
    private @Nullable String tableName;

    /**
     * The poller's cursor table, optionally qualified by a schema. Default enrollment_sync_cursor.
     */
    private @Nullable String cursorTableName;

    /**
     * When to create the tables if they do not exist: embedded (in-memory databases only),
     * always, or never. An application that manages its schema with Flyway or Liquibase runs
     * the library's migration files instead and sets never.
     */
    private SchemaInitialization initializeSchema = SchemaInitialization.EMBEDDED;

    /**
     * Returns the enrollment table.
     *
     * @return the table, or null for the default
     */
    public @Nullable String getTableName() {
      return tableName;
    }

    /**
     * Sets the enrollment table.
     *
     * @param tableName the table
     */
    public void setTableName(@Nullable String tableName) {
      this.tableName = tableName;
    }

    /**
     * Returns the cursor table.
     *
     * @return the table, or null for the default
     */
    public @Nullable String getCursorTableName() {
      return cursorTableName;
    }

    /**
     * Sets the cursor table.
     *
     * @param cursorTableName the table
     */
    public void setCursorTableName(@Nullable String cursorTableName) {
      this.cursorTableName = cursorTableName;
    }

    /**
     * Returns when the tables are created.
     *
     * @return the mode
     */
    public SchemaInitialization getInitializeSchema() {
      return initializeSchema;
    }

    /**
     * Sets when the tables are created.
     *
     * @param initializeSchema the mode
     */
    public void setInitializeSchema(SchemaInitialization initializeSchema) {
      this.initializeSchema = initializeSchema;
    }
  }

  /**
   * When the starter creates the JDBC tables.
   *
   * @since 0.1.0
   */
  public enum SchemaInitialization {
    /** Always, when they do not exist. */
    ALWAYS,
    /** Only in an in-memory database, such as H2 in memory. */
    EMBEDDED,
    /** Never: the application runs the migration files itself. */
    NEVER
  }

  /**
   * The admin API: metrics, health, manual sync and dead letters.
   *
   * @since 0.1.0
   */
  public static class Admin {
    /** The base path of the admin API: /metrics, /health, /sync and /dead-letters below it. */
    private String path = "/api/enrollments";

    /**
     * The bearer token the admin API accepts, at least 16 characters. With a token and no role,
     * the admin paths bypass Spring Security, like the webhook: the token is their
     * authentication. Without a token or a role the admin API is not mounted.
     */
    private @Nullable String token;

    /**
     * A role that lets a request in, as the servlet container or Spring Security grants it
     * (isUserInRole; with Spring Security, the authority ROLE_ followed by this name). With a
     * role, the admin paths go through the application's Spring Security rules.
     */
    private @Nullable String role;

    /** Whether dead-letter answers show the event snapshot, which holds personal data. */
    private boolean showPayloads;

    /**
     * Returns the admin path.
     *
     * @return the path
     */
    public String getPath() {
      return path;
    }

    /**
     * Sets the admin path.
     *
     * @param path a path starting with {@code /}
     */
    public void setPath(String path) {
      this.path = path;
    }

    /**
     * Returns the bearer token.
     *
     * @return the token, or null
     */
    public @Nullable String getToken() {
      return token;
    }

    /**
     * Sets the bearer token.
     *
     * @param token the token
     */
    public void setToken(@Nullable String token) {
      this.token = token;
    }

    /**
     * Returns the admin role.
     *
     * @return the role, or null
     */
    public @Nullable String getRole() {
      return role;
    }

    /**
     * Sets the admin role.
     *
     * @param role the role
     */
    public void setRole(@Nullable String role) {
      this.role = role;
    }

    /**
     * Returns whether payloads are shown.
     *
     * @return whether payloads are shown
     */
    public boolean isShowPayloads() {
      return showPayloads;
    }

    /**
     * Sets whether payloads are shown.
     *
     * @param showPayloads whether payloads are shown
     */
    public void setShowPayloads(boolean showPayloads) {
      this.showPayloads = showPayloads;
    }
  }

  /**
   * How to reach the Thinkific Admin API. Setting api-key (with subdomain) or bearer-token turns
   * the poller on.
   *
   * @since 0.1.0
   */
  public static class Thinkific {
    /**
     * The site API key of a private app, sent as X-Auth-API-Key; with it, the poller runs. The
     * environment variable API_KEY sets it too.
     */
    private @Nullable String apiKey;

    /**
     * The site's subdomain, such as acme for acme.thinkific.com; required with api-key. The
     * environment variable API_SUBDOMAIN sets it too.
     */
    private @Nullable String subdomain;

    /** An OAuth bearer token (a public app), instead of api-key and subdomain. */
    private @Nullable String bearerToken;

    /**
     * The Admin API base URL. Default https://api.thinkific.com/api/public/v1. The environment
     * variable THINKIFIC_API_BASE_URL sets it too.
     */
    private @Nullable String baseUrl;

    /** Rows per page, from 1 to 250. Default 250. */
    private @Nullable Integer pageSize;

    /** The most requests per minute, from 1 to 10000; keep it under the site's limit. */
    private @Nullable Integer requestsPerMinute;

    /** Connect timeout of one request. */
    private @Nullable Duration connectTimeout;

    /** Timeout of one whole request. */
    private @Nullable Duration requestTimeout;

    /** Attempts of one request on 429, 5xx and network errors, from 1 to 20. */
    private @Nullable Integer maxAttempts;

    /**
     * Returns the site API key.
     *
     * @return the site API key, or null for the default
     */
    public @Nullable String getApiKey() {
      return apiKey;
    }

    /**
     * Sets the site API key.
     *
     * @param apiKey the key
     */
    public void setApiKey(@Nullable String apiKey) {
      this.apiKey = apiKey;
    }

    /**
     * Returns the subdomain.
     *
     * @return the subdomain, or null for the default
     */
    public @Nullable String getSubdomain() {
      return subdomain;
    }

    /**
     * Sets the subdomain.
     *
     * @param subdomain the subdomain
     */
    public void setSubdomain(@Nullable String subdomain) {
      this.subdomain = subdomain;
    }

    /**
     * Returns the OAuth bearer token.
     *
     * @return the OAuth bearer token, or null for the default
     */
    public @Nullable String getBearerToken() {
      return bearerToken;
    }

    /**
     * Sets the OAuth bearer token.
     *
     * @param bearerToken the token
     */
    public void setBearerToken(@Nullable String bearerToken) {
      this.bearerToken = bearerToken;
    }

    /**
     * Returns the base URL.
     *
     * @return the base URL, or null for the default
     */
    public @Nullable String getBaseUrl() {
      return baseUrl;
    }

    /**
     * Sets the base URL.
     *
     * @param baseUrl the URL
     */
    public void setBaseUrl(@Nullable String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /**
     * Returns the page size.
     *
     * @return the page size, or null for the default
     */
    public @Nullable Integer getPageSize() {
      return pageSize;
    }

    /**
     * Sets the page size.
     *
     * @param pageSize the size
     */
    public void setPageSize(@Nullable Integer pageSize) {
      this.pageSize = pageSize;
    }

    /**
     * Returns the request rate.
     *
     * @return the request rate, or null for the default
     */
    public @Nullable Integer getRequestsPerMinute() {
      return requestsPerMinute;
    }

    /**
     * Sets the request rate.
     *
     * @param requestsPerMinute the rate
     */
    public void setRequestsPerMinute(@Nullable Integer requestsPerMinute) {
      this.requestsPerMinute = requestsPerMinute;
    }

    /**
     * Returns the connect timeout.
     *
     * @return the connect timeout, or null for the default
     */
    public @Nullable Duration getConnectTimeout() {
      return connectTimeout;
    }

    /**
     * Sets the connect timeout.
     *
     * @param connectTimeout the timeout
     */
    public void setConnectTimeout(@Nullable Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    /**
     * Returns the request timeout.
     *
     * @return the request timeout, or null for the default
     */
    public @Nullable Duration getRequestTimeout() {
      return requestTimeout;
    }

    /**
     * Sets the request timeout.
     *
     * @param requestTimeout the timeout
     */
    public void setRequestTimeout(@Nullable Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    /**
     * Returns the attempts per request.
     *
     * @return the attempts per request, or null for the default
     */
    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    /**
     * Sets the attempts per request.
     *
     * @param maxAttempts the attempts
     */
    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /** Keeps the credentials out of logs. */
    @Override
    public String toString() {
      return "Thinkific[subdomain=" + subdomain + ", baseUrl=" + baseUrl + "]";
    }
  }

  /**
   * How the poller walks the Admin API for changes that webhooks missed.
   *
   * @since 0.1.0
   */
  public static class Poller {
    /** Whether the poller runs when Thinkific credentials are set. */
    private boolean enabled = true;

    /**
     * The time between runs, from 1m to 1h. Default 3m. The environment variable
     * SYNC_POLL_INTERVAL sets it too.
     */
    private @Nullable Duration interval;

    /** Random extra delay of each run, up to half the interval. Default 20s. */
    private @Nullable Duration jitter;

    /** The delay of the first run after start-up. Default 30s. */
    private @Nullable Duration initialDelay;

    /** How far before the cursor each run starts reading again. Default 2m. */
    private @Nullable Duration overlap;

    /** How far behind now each run stops, for rows still being written. Default 5s. */
    private @Nullable Duration safetyLag;

    /**
     * Where the first run (no saved cursor) starts, such as 2025-01-01T00:00:00Z. Default: the
     * first run walks everything (a backfill).
     */
    private @Nullable Instant backfillFrom;

    /** A window longer than this saves the cursor slice by slice. Default 1h. */
    private @Nullable Duration catchUpThreshold;

    /** The cursor's name, one per site. Default enrollments. */
    private @Nullable String cursorName;

    /** The lease's name, one per site. Default poller. */
    private @Nullable String leaseName;

    /** How long the lease holds unless renewed. Default 60s. */
    private @Nullable Duration leaseTtl;

    /** The most pages read for one time slice before it is split. Default 400. */
    private @Nullable Integer maxPagesPerSlice;

    /**
     * Returns whether the poller runs.
     *
     * @return whether the poller runs
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether the poller runs.
     *
     * @param enabled whether it runs
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Returns the interval.
     *
     * @return the interval, or null for the default
     */
    public @Nullable Duration getInterval() {
      return interval;
    }

    /**
     * Sets the interval.
     *
     * @param interval the interval
     */
    public void setInterval(@Nullable Duration interval) {
      this.interval = interval;
    }

    /**
     * Returns the jitter.
     *
     * @return the jitter, or null for the default
     */
    public @Nullable Duration getJitter() {
      return jitter;
    }

    /**
     * Sets the jitter.
     *
     * @param jitter the jitter
     */
    public void setJitter(@Nullable Duration jitter) {
      this.jitter = jitter;
    }

    /**
     * Returns the first delay.
     *
     * @return the first delay, or null for the default
     */
    public @Nullable Duration getInitialDelay() {
      return initialDelay;
    }

    /**
     * Sets the first delay.
     *
     * @param initialDelay the delay
     */
    public void setInitialDelay(@Nullable Duration initialDelay) {
      this.initialDelay = initialDelay;
    }

    /**
     * Returns the overlap.
     *
     * @return the overlap, or null for the default
     */
    public @Nullable Duration getOverlap() {
      return overlap;
    }

    /**
     * Sets the overlap.
     *
     * @param overlap the overlap
     */
    public void setOverlap(@Nullable Duration overlap) {
      this.overlap = overlap;
    }

    /**
     * Returns the safety lag.
     *
     * @return the safety lag, or null for the default
     */
    public @Nullable Duration getSafetyLag() {
      return safetyLag;
    }

    /**
     * Sets the safety lag.
     *
     * @param safetyLag the lag
     */
    public void setSafetyLag(@Nullable Duration safetyLag) {
      this.safetyLag = safetyLag;
    }

    /**
     * Returns the backfill start.
     *
     * @return the backfill start, or null for the default
     */
    public @Nullable Instant getBackfillFrom() {
      return backfillFrom;
    }

    /**
     * Sets the backfill start.
     *
     * @param backfillFrom the start
     */
    public void setBackfillFrom(@Nullable Instant backfillFrom) {
      this.backfillFrom = backfillFrom;
    }

    /**
     * Returns the catch-up threshold.
     *
     * @return the catch-up threshold, or null for the default
     */
    public @Nullable Duration getCatchUpThreshold() {
      return catchUpThreshold;
    }

    /**
     * Sets the catch-up threshold.
     *
     * @param catchUpThreshold the threshold
     */
    public void setCatchUpThreshold(@Nullable Duration catchUpThreshold) {
      this.catchUpThreshold = catchUpThreshold;
    }

    /**
     * Returns the cursor name.
     *
     * @return the cursor name, or null for the default
     */
    public @Nullable String getCursorName() {
      return cursorName;
    }

    /**
     * Sets the cursor name.
     *
     * @param cursorName the name
     */
    public void setCursorName(@Nullable String cursorName) {
      this.cursorName = cursorName;
    }

    /**
     * Returns the lease name.
     *
     * @return the lease name, or null for the default
     */
    public @Nullable String getLeaseName() {
      return leaseName;
    }

    /**
     * Sets the lease name.
     *
     * @param leaseName the name
     */
    public void setLeaseName(@Nullable String leaseName) {
      this.leaseName = leaseName;
    }

    /**
     * Returns the lease time to live.
     *
     * @return the lease time to live, or null for the default
     */
    public @Nullable Duration getLeaseTtl() {
      return leaseTtl;
    }

    /**
     * Sets the lease time to live.
     *
     * @param leaseTtl the time to live
     */
    public void setLeaseTtl(@Nullable Duration leaseTtl) {
      this.leaseTtl = leaseTtl;
    }

    /**
     * Returns the page limit per slice.
     *
     * @return the page limit per slice, or null for the default
     */
    public @Nullable Integer getMaxPagesPerSlice() {
      return maxPagesPerSlice;
    }

    /**
     * Sets the page limit per slice.
     *
     * @param maxPagesPerSlice the limit
     */
    public void setMaxPagesPerSlice(@Nullable Integer maxPagesPerSlice) {
      this.maxPagesPerSlice = maxPagesPerSlice;
    }
  }

  /**
   * Thresholds of the health checks, in Actuator and the admin API.
   *
   * @since 0.1.0
   */
  public static class Health {
    /** The most dead letters that still count as healthy; above it, degraded. Default 0. */
    private @Nullable Long deadLetterThreshold;

    /** How many poll intervals may pass without a successful run before degraded. Default 3. */
    private @Nullable Integer pollerIntervals;

    /**
     * Returns the dead-letter threshold.
     *
     * @return the threshold, or null for the default
     */
    public @Nullable Long getDeadLetterThreshold() {
      return deadLetterThreshold;
    }

    /**
     * Sets the dead-letter threshold.
     *
     * @param deadLetterThreshold the threshold
     */
    public void setDeadLetterThreshold(@Nullable Long deadLetterThreshold) {
      this.deadLetterThreshold = deadLetterThreshold;
    }

    /**
     * Returns the poller intervals.
     *
     * @return the intervals, or null for the default
     */
    public @Nullable Integer getPollerIntervals() {
      return pollerIntervals;
    }

    /**
     * Sets the poller intervals.
     *
     * @param pollerIntervals the intervals
     */
    public void setPollerIntervals(@Nullable Integer pollerIntervals) {
      this.pollerIntervals = pollerIntervals;
    }
  }
}
