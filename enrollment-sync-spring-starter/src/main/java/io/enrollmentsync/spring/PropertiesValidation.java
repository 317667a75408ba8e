package io.enrollmentsync.spring;

import io.enrollmentsync.SyncConfigurationException;
import io.enrollmentsync.health.HealthConfig;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.redis.RedisQueueConfig;
import io.enrollmentsync.servlet.AdminOptions;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.worker.WorkerConfig;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.Errors;

/**
 * Validates the bound properties by handing each value to the core builder that will use it, so
 * that the rules stay in the core and a bad value is reported against its property name.
 */
final class PropertiesValidation {
  /** A stand-in key, so that webhook settings other than the secrets can be checked alone. */
  private static final String PROBE_SECRET = "probe";

  private PropertiesValidation() {}

  static void validate(EnrollmentSyncProperties properties, Errors errors) {
    if (!properties.isEnabled()) {
      return;
    }
    validateWebhook(properties.getWebhook(), errors);
    validateWorker(properties.getWorker(), errors);
    validateRedis(properties.getRedis(), errors);
    validateAdmin(properties.getAdmin(), errors);
    EnrollmentSyncProperties.Health health = properties.getHealth();
    check(errors, "health.deadLetterThreshold", "health.dead-letter-threshold",
        health.getDeadLetterThreshold(), v -> HealthConfig.DEFAULTS.withDeadLetterThreshold(v));
    check(errors, "health.pollerIntervals", "health.poller-intervals", health.getPollerIntervals(),
        v -> new HealthConfig(HealthConfig.DEFAULTS.deadLetterThreshold(), v));
    if (CoreSettings.hasThinkificCredentials(properties.getThinkific())) {
      validatePoller(properties, errors);
    }
  }

  private static void validateWebhook(EnrollmentSyncProperties.Webhook webhook, Errors errors) {
    path(errors, "webhook.path", "webhook.path", webhook.getPath());
    if (webhook.getSecrets().stream().allMatch(s -> s == null || s.isBlank())) {
      errors.reject("missing", "no webhook signing key: set "
          + property("webhook.secrets") + " (or THINKIFIC_WEBHOOK_SECRET) to the site API key or"
          + " the app's client secret that signs your webhooks");
    } else {
      checkSecret(errors, "webhook.secrets", webhook.getSecrets(),
          v -> WebhookConfig.builder().secrets(v).build());
    }
    check(errors, "webhook.maxBodySize", "webhook.max-body-size", webhook.getMaxBodySize(),
        v -> probeWebhook().maxBodyBytes(CoreSettings.bytes(v)).build());
    check(errors, "webhook.retryAfter", "webhook.retry-after", webhook.getRetryAfter(),
        v -> probeWebhook().retryAfter(v).build());
  }

  private static void validateWorker(EnrollmentSyncProperties.Worker worker, Errors errors) {
    int before = errors.getErrorCount();
    check(errors, "worker.consumers", "worker.consumers", worker.getConsumers(),
        v -> WorkerConfig.builder().consumers(v).build());
    check(errors, "worker.batchSize", "worker.batch-size", worker.getBatchSize(),
        v -> WorkerConfig.builder().batchSize(v).build());
    check(errors, "worker.linger", "worker.linger", worker.getLinger(),
        v -> WorkerConfig.builder().linger(v).build());
    check(errors, "worker.pollTimeout", "worker.poll-timeout", worker.getPollTimeout(),
        v -> WorkerConfig.builder().pollTimeout(v).build());
    check(errors, "worker.maxAttempts", "worker.max-attempts", worker.getMaxAttempts(),
        v -> WorkerConfig.builder().maxAttempts(v).build());
    check(errors, "worker.initialBackoff", "worker.initial-backoff", worker.getInitialBackoff(),
        v -> WorkerConfig.builder().backoff(v, v).build());
    check(errors, "worker.maxBackoff", "worker.max-backoff", worker.getMaxBackoff(),
        v -> WorkerConfig.builder().backoff(v, v).build());
    check(errors, "worker.consumerNamePrefix", "worker.consumer-name-prefix",
        worker.getConsumerNamePrefix(), v -> WorkerConfig.builder().consumerNamePrefix(v).build());
    positive(errors, "worker.shutdownTimeout", "worker.shutdown-timeout",
        worker.getShutdownTimeout());
    if (errors.getErrorCount() == before) {
      // Each value is fine alone; this catches the rules between them (backoff order).
      try {
        CoreSettings.worker(worker);
      } catch (SyncConfigurationException e) {
        errors.reject("invalid", "invalid " + property("worker") + ".*: " + e.getMessage());
      }
    }
  }

  private static void validateRedis(EnrollmentSyncProperties.Redis redis, Errors errors) {
    if (redis.getHost() == null) {
      return;
    }
    if (redis.getPort() < 1 || redis.getPort() > 65535) {
      errors.rejectValue("redis.port", "invalid", "invalid " + property("redis.port")
          + ": must be from 1 to 65535, but was " + redis.getPort());
    }
    if (redis.getMaxConnections() < 1) {
      errors.rejectValue("redis.maxConnections", "invalid", "invalid "
          + property("redis.max-connections") + ": must be at least 1, but was "
          + redis.getMaxConnections());
    }
    positive(errors, "redis.timeout", "redis.timeout", redis.getTimeout());
    positive(errors, "redis.connectTimeout", "redis.connect-timeout", redis.getConnectTimeout());
    check(errors, "redis.keyPrefix", "redis.key-prefix", redis.getKeyPrefix(),
        v -> RedisQueueConfig.builder().keyPrefix(v).build());
    check(errors, "redis.consumerGroup", "redis.consumer-group", redis.getConsumerGroup(),
        v -> RedisQueueConfig.builder().group(v).build());
    check(errors, "redis.dedupeTtl", "redis.dedupe-ttl", redis.getDedupeTtl(),
        v -> RedisQueueConfig.builder().dedupeTtl(v).build());
    check(errors, "redis.visibilityTimeout", "redis.visibility-timeout",
        redis.getVisibilityTimeout(), v -> RedisQueueConfig.builder().visibilityTimeout(v).build());
    check(errors, "redis.blockTime", "redis.block-time", redis.getBlockTime(),
        v -> RedisQueueConfig.builder().blockTime(v).build());
    check(errors, "redis.maxLength", "redis.max-length", redis.getMaxLength(),
        v -> RedisQueueConfig.builder().maxLength(v).build());
    check(errors, "redis.deadLetterMaxLength", "redis.dead-letter-max-length",
        redis.getDeadLetterMaxLength(),
        v -> RedisQueueConfig.builder().deadLetterMaxLength(v).build());
    check(errors, "redis.quarantineMaxLength", "redis.quarantine-max-length",
        redis.getQuarantineMaxLength(),
        v -> RedisQueueConfig.builder().quarantineMaxLength(v).build());
    Duration blockTime = redis.getBlockTime() != null
        ? redis.getBlockTime() : RedisQueueConfig.defaults().blockTime();
    if (redis.getTimeout() != null && redis.getTimeout().compareTo(blockTime) <= 0) {
      // A blocking read that outlasts the socket timeout fails as a broken connection.
      errors.rejectValue("redis.timeout", "invalid", "invalid " + property("redis.timeout")
          + ": must be longer than the blocking read time (" + blockTime + "), but was "
          + redis.getTimeout());
    }
  }

  private static void validateAdmin(EnrollmentSyncProperties.Admin admin, Errors errors) {
    path(errors, "admin.path", "admin.path", admin.getPath());
    checkSecret(errors, "admin.token", CoreSettings.blankToNull(admin.getToken()),
        v -> AdminOptions.builder().token(v).build());
    check(errors, "admin.role", "admin.role", CoreSettings.blankToNull(admin.getRole()),
        v -> AdminOptions.builder().containerRole(v).build());
  }

  private static void validatePoller(EnrollmentSyncProperties properties, Errors errors) {
    EnrollmentSyncProperties.Thinkific thinkific = properties.getThinkific();
    // The credentials are checked as one; the messages never carry their values.
    checkSecret(errors, "thinkific.*", thinkific, CoreSettings::thinkific);
    EnrollmentSyncProperties.Poller poller = properties.getPoller();
    check(errors, "poller.interval", "poller.interval", poller.getInterval(),
        v -> PollerConfig.builder().interval(v).jitter(Duration.ZERO).build());
    check(errors, "poller.overlap", "poller.overlap", poller.getOverlap(),
        v -> PollerConfig.builder().overlap(v).build());
    check(errors, "poller.safetyLag", "poller.safety-lag", poller.getSafetyLag(),
        v -> PollerConfig.builder().safetyLag(v).build());
    check(errors, "poller.initialDelay", "poller.initial-delay", poller.getInitialDelay(),
        v -> PollerConfig.builder().initialDelay(v).build());
    check(errors, "poller.catchUpThreshold", "poller.catch-up-threshold",
        poller.getCatchUpThreshold(), v -> PollerConfig.builder().catchUpThreshold(v).build());
    check(errors, "poller.leaseTtl", "poller.lease-ttl", poller.getLeaseTtl(),
        v -> PollerConfig.builder().leaseTtl(v).build());
    check(errors, "poller.maxPagesPerSlice", "poller.max-pages-per-slice",
        poller.getMaxPagesPerSlice(), v -> PollerConfig.builder().maxPagesPerSlice(v).build());
    check(errors, "poller.cursorName", "poller.cursor-name", poller.getCursorName(),
        v -> PollerConfig.builder().cursorName(v).build());
    check(errors, "poller.leaseName", "poller.lease-name", poller.getLeaseName(),
        v -> PollerConfig.builder().leaseName(v).build());
    if (!errors.hasErrors()) {
      // Each value is fine alone; this catches the rules between them (jitter within interval).
      try {
        CoreSettings.poller(poller);
      } catch (SyncConfigurationException | IllegalArgumentException e) {
        errors.reject("invalid", "invalid " + property("poller") + ".*: " + e.getMessage());
      }
    }
  }

  private static WebhookConfig.Builder probeWebhook() {
    return WebhookConfig.builder().secret(PROBE_SECRET);
  }

  private static <T> void check(
      Errors errors, String field, String name, @Nullable T value, Consumer<T> core) {
    if (value == null) {
      return;
    }
    try {
      core.accept(value);
    } catch (SyncConfigurationException | IllegalArgumentException e) {
      errors.rejectValue(field, "invalid", "invalid " + property(name) + ": " + e.getMessage());
    }
  }

  /**
   * Like {@link #check}, for a secret: the error is not tied to the field, so that Spring Boot's
   * failure report, which prints a field error's rejected value, never prints the secret.
   */
  private static <T> void checkSecret(
      Errors errors, String name, @Nullable T value, Consumer<T> core) {
    if (value == null) {
      return;
    }
    try {
      core.accept(value);
    } catch (SyncConfigurationException | IllegalArgumentException e) {
      errors.reject("invalid", "invalid " + property(name) + ": " + e.getMessage());
    }
  }

  private static void positive(Errors errors, String field, String name, @Nullable Duration value) {
    if (value != null && (value.isNegative() || value.isZero())) {
      errors.rejectValue(field, "invalid",
          "invalid " + property(name) + ": must be positive, but was " + value);
    }
  }

  private static void path(Errors errors, String field, String name, @Nullable String path) {
    if (path == null || !path.startsWith("/") || path.endsWith("/") || path.contains("*")) {
      errors.rejectValue(field, "invalid", "invalid " + property(name) + ": must start with /,"
          + " not end with / and hold no wildcard, such as /api/webhooks/enrollment, but was '"
          + path + "'");
    }
  }

  private static String property(String name) {
    return EnrollmentSyncProperties.PREFIX + "." + name;
  }
}
