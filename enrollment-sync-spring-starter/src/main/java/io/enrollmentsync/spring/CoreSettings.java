package io.enrollmentsync.spring;

import io.enrollmentsync.SyncConfigurationException;
import io.enrollmentsync.redis.RedisQueueConfig;
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
