package io.enrollmentsync.examples.jetty;

import io.enrollmentsync.Durations;
import io.enrollmentsync.SyncConfigurationException;
import io.enrollmentsync.worker.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The example's settings, read from the environment with the names the original deployment used.
 *
 * @param port the HTTP port ({@code PORT}, default 8080)
 * @param webhookSecret the signing key ({@code THINKIFIC_WEBHOOK_SECRET}, required)
 * @param redisHost the Redis host ({@code REDIS_HOST}); null for the in-memory queue
 * @param redisPort the Redis port ({@code REDIS_PORT}, default 6379)
 * @param redisPassword the Redis password ({@code REDIS_PASSWORD}), or null
 * @param redisKeyPrefix the prefix of every Redis key ({@code REDIS_KEY_PREFIX}); null for the
 *     library's default, {@code enrollment-sync}
 * @param databaseUrl a JDBC URL ({@code DATABASE_URL}); null for the embedded H2 file database
 * @param databaseUser the database user ({@code DATABASE_USER}), or null
 * @param databasePassword the database password ({@code DATABASE_PASSWORD}), or null
 * @param dataDir where the embedded database lives ({@code DATA_DIR}, default {@code ./data})
 * @param apiKey the Thinkific site API key ({@code API_KEY}); polling is on when it and the
 *     subdomain are set
 * @param apiSubdomain the Thinkific subdomain ({@code API_SUBDOMAIN})
 * @param apiBaseUrl overrides the Admin API base URL ({@code THINKIFIC_API_BASE_URL})
 * @param pollInterval the poll interval ({@code SYNC_POLL_INTERVAL}, such as {@code 3m})
 * @param adminToken the admin API bearer token ({@code ADMIN_TOKEN}); without it the admin API
 *     is not mounted
 * @param workerEnabled whether the worker drains the queue ({@code SYNC_WORKER_ENABLED}, default
 *     true); false only takes webhooks in, as the benchmarks' ingest-only mode needs
 * @param dedupeTtl how long the Redis queue remembers event ids ({@code SYNC_DEDUPE_TTL}, such as
 *     {@code 7d} or {@code 40s}); null for the queue's default of 7 days
 * @param workerConsumers consumer threads ({@code SYNC_WORKER_CONSUMERS}); null for the default
 * @param workerBatchSize events per batch ({@code SYNC_WORKER_BATCH_SIZE}); null for the default
 */
record ExampleSettings(
    int port,
    String webhookSecret,
    String redisHost,
    int redisPort,
    String redisPassword,
    String redisKeyPrefix,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    Path dataDir,
    String apiKey,
    String apiSubdomain,
    String apiBaseUrl,
    String pollInterval,
    String adminToken,
    boolean workerEnabled,
    Duration dedupeTtl,
    Integer workerConsumers,
    Integer workerBatchSize) {

  static ExampleSettings from(Map<String, String> env) {
    String secret = blankToNull(env.get("THINKIFIC_WEBHOOK_SECRET"));
    if (secret == null) {
      throw new SyncConfigurationException("THINKIFIC_WEBHOOK_SECRET is not set: set it to the"
          + " site API key (or the app's client secret) that signs your webhooks; for the sample"
          + " deliveries use test-site-api-key-0001");
    }
    return new ExampleSettings(
        integer(env, "PORT", 8080),
        secret,
        blankToNull(env.get("REDIS_HOST")),
        integer(env, "REDIS_PORT", 6379),
        blankToNull(env.get("REDIS_PASSWORD")),
        blankToNull(env.get("REDIS_KEY_PREFIX")),
        blankToNull(env.get("DATABASE_URL")),
        blankToNull(env.get("DATABASE_USER")),
        blankToNull(env.get("DATABASE_PASSWORD")),
        Path.of(env.getOrDefault("DATA_DIR", "data")),
        blankToNull(env.get("API_KEY")),
        blankToNull(env.get("API_SUBDOMAIN")),
        blankToNull(env.get("THINKIFIC_API_BASE_URL")),
        blankToNull(env.get("SYNC_POLL_INTERVAL")),
        blankToNull(env.get("ADMIN_TOKEN")),
        bool(env, "SYNC_WORKER_ENABLED", true),
        duration(env, "SYNC_DEDUPE_TTL"),
        optionalInteger(env, "SYNC_WORKER_CONSUMERS"),
        optionalInteger(env, "SYNC_WORKER_BATCH_SIZE"));
  }

  /** The worker settings: the core's defaults, with the consumers and batch size set here. */
  WorkerConfig workerConfig() {
    WorkerConfig.Builder worker = WorkerConfig.builder();
    if (workerConsumers != null) {
      worker.consumers(workerConsumers);
    }
    if (workerBatchSize != null) {
      worker.batchSize(workerBatchSize);
    }
    return worker.build();
  }

  /**
   * Returns the active signing keys: several, comma-separated, while a key is rotated.
   *
   * @return the keys, trimmed; a blank one is kept so that the receiver rejects it by position
   */
  List<String> webhookSecrets() {
    return Arrays.stream(webhookSecret.split(",", -1)).map(String::trim).toList();
  }

  /** Keeps secrets out of logs. */
  @Override
  public String toString() {
    return "ExampleSettings[port=" + port + ", redis=" + (redisHost == null ? "off" : redisHost
        + ":" + redisPort + (redisKeyPrefix == null ? "" : " prefix " + redisKeyPrefix))
        + ", database=" + (databaseUrl == null ? "embedded H2" : "external")
        + ", polling=" + (apiKey != null && apiSubdomain != null) + ", admin="
        + (adminToken != null) + ", worker=" + (workerEnabled ? "on" : "off") + "]";
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new SyncConfigurationException(
          name + " must be a whole number, but was '" + value + "'");
    }
  }

  private static Integer optionalInteger(Map<String, String> env, String name) {
    return blankToNull(env.get(name)) == null ? null : integer(env, name, 0);
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new SyncConfigurationException(name + " must be true or false, but was '"
          + value + "'");
    };
  }

  private static Duration duration(Map<String, String> env, String name) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return null;
    }
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new SyncConfigurationException(name + ": " + e.getMessage());
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
