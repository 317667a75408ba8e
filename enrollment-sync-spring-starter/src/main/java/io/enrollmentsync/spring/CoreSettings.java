package io.enrollmentsync.spring;

import io.enrollmentsync.SyncConfigurationException;
import io.enrollmentsync.health.HealthConfig;
import io.enrollmentsync.poller.PollerConfig;
import io.enrollmentsync.redis.RedisQueueConfig;
import io.enrollmentsync.servlet.AdminOptions;
import io.enrollmentsync.servlet.ManualSync;
import io.enrollmentsync.thinkific.ThinkificConfig;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.worker.WorkerConfig;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * Maps the properties onto the core builders. A property left unset is not passed on, so the core
 * keeps its own default.
 */
final class CoreSettings {
  private CoreSettings() {}

  static WebhookConfig webhook(EnrollmentSyncProperties.Webhook webhook) {
    WebhookConfig.Builder builder = WebhookConfig.builder().secrets(webhook.getSecrets());
    ifSet(webhook.getAllowUnsigned(), builder::allowUnsigned);
    ifSet(webhook.getMaxBodySize(), size -> builder.maxBodyBytes(bytes(size)));
    ifSet(webhook.getRetryAfter(), builder::retryAfter);
    return builder.build();
  }

  static WorkerConfig worker(EnrollmentSyncProperties.Worker worker) {
    WorkerConfig.Builder builder = WorkerConfig.builder();
    ifSet(worker.getConsumers(), builder::consumers);
    ifSet(worker.getBatchSize(), builder::batchSize);
    ifSet(worker.getLinger(), builder::linger);
    ifSet(worker.getPollTimeout(), builder::pollTimeout);
    ifSet(worker.getMaxAttempts(), builder::maxAttempts);
    ifSet(worker.getConsumerNamePrefix(), builder::consumerNamePrefix);
    WorkerConfig defaults = builder.build();
    if (worker.getInitialBackoff() != null || worker.getMaxBackoff() != null) {
      builder.backoff(
          orElse(worker.getInitialBackoff(), defaults.initialBackoff()),
          orElse(worker.getMaxBackoff(), defaults.maxBackoff()));
    }
    return builder.build();
  }

  static RedisQueueConfig redisQueue(EnrollmentSyncProperties.Redis redis) {
    RedisQueueConfig.Builder builder = RedisQueueConfig.builder();
    ifSet(redis.getKeyPrefix(), builder::keyPrefix);
    ifSet(redis.getConsumerGroup(), builder::group);
    ifSet(redis.getDedupeTtl(), builder::dedupeTtl);
    ifSet(redis.getVisibilityTimeout(), builder::visibilityTimeout);
    ifSet(redis.getBlockTime(), builder::blockTime);
    ifSet(redis.getMaxLength(), builder::maxLength);
    ifSet(redis.getDeadLetterMaxLength(), builder::deadLetterMaxLength);
    ifSet(redis.getQuarantineMaxLength(), builder::quarantineMaxLength);
    return builder.build();
  }

  static ThinkificConfig thinkific(EnrollmentSyncProperties.Thinkific thinkific) {
    ThinkificConfig.Builder builder = ThinkificConfig.builder();
    ifSet(blankToNull(thinkific.getApiKey()), builder::apiKey);
    ifSet(blankToNull(thinkific.getSubdomain()), builder::subdomain);
    ifSet(blankToNull(thinkific.getBearerToken()), builder::bearerToken);
    ifSet(thinkific.getBaseUrl(), url -> builder.baseUrl(url));
    ifSet(thinkific.getPageSize(), builder::pageSize);
    ifSet(thinkific.getRequestsPerMinute(), builder::requestsPerMinute);
    ifSet(thinkific.getConnectTimeout(), builder::connectTimeout);
    ifSet(thinkific.getRequestTimeout(), builder::requestTimeout);
    ifSet(thinkific.getMaxAttempts(), builder::maxAttempts);
    return builder.build();
  }

  static PollerConfig poller(EnrollmentSyncProperties.Poller poller) {
    PollerConfig.Builder builder = PollerConfig.builder();
    ifSet(poller.getInterval(), builder::interval);
    ifSet(poller.getJitter(), builder::jitter);
    ifSet(poller.getInitialDelay(), builder::initialDelay);
    ifSet(poller.getOverlap(), builder::overlap);
    ifSet(poller.getSafetyLag(), builder::safetyLag);
    ifSet(poller.getBackfillFrom(), builder::backfillFrom);
    ifSet(poller.getCatchUpThreshold(), builder::catchUpThreshold);
    ifSet(poller.getCursorName(), builder::cursorName);
    ifSet(poller.getLeaseName(), builder::leaseName);
    ifSet(poller.getLeaseTtl(), builder::leaseTtl);
    ifSet(poller.getMaxPagesPerSlice(), builder::maxPagesPerSlice);
    return builder.build();
  }

  /** Whether Thinkific credentials are set, which turns the poller on. */
  static boolean hasThinkificCredentials(EnrollmentSyncProperties.Thinkific thinkific) {
    return blankToNull(thinkific.getApiKey()) != null
        || blankToNull(thinkific.getBearerToken()) != null;
  }

  static AdminOptions admin(EnrollmentSyncProperties.Admin admin, @Nullable ManualSync manualSync) {
    String token = blankToNull(admin.getToken());
    String role = blankToNull(admin.getRole());
    if (token == null && role == null) {
      return AdminOptions.disabled();
    }
    AdminOptions.Builder builder = AdminOptions.builder()
        .basePath(admin.getPath())
        .showPayloads(admin.isShowPayloads());
    ifSet(token, builder::token);
    ifSet(role, builder::containerRole);
    ifSet(manualSync, builder::manualSync);
    return builder.build();
  }

  /** Whether the admin paths carry their own authentication (a token and no role). */
  static boolean adminGuardedByTokenOnly(EnrollmentSyncProperties.Admin admin) {
    return blankToNull(admin.getToken()) != null && blankToNull(admin.getRole()) == null;
  }

  static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }

  static HealthConfig health(EnrollmentSyncProperties.Health health) {
    HealthConfig config = HealthConfig.DEFAULTS;
    if (health.getDeadLetterThreshold() != null) {
      config = config.withDeadLetterThreshold(health.getDeadLetterThreshold());
    }
    if (health.getPollerIntervals() != null) {
      config = new HealthConfig(config.deadLetterThreshold(), health.getPollerIntervals());
    }
    return config;
  }

  static int bytes(DataSize size) {
    long bytes = size.toBytes();
    if (bytes > Integer.MAX_VALUE) {
      throw new SyncConfigurationException(
          "maxBodyBytes must be at most " + Integer.MAX_VALUE + " bytes, but was " + size);
    }
    return (int) bytes;
  }

  static <T> void ifSet(@Nullable T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  private static <T> T orElse(@Nullable T value, T fallback) {
    return value != null ? value : fallback;
  }
}
