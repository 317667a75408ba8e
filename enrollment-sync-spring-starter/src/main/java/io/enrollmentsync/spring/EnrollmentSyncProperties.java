package io.enrollmentsync.spring;

import java.time.Duration;
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
     * sets the first.
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
     * enrollment-sync.
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
}
