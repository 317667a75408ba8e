package io.enrollmentsync.redis;

import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.internal.Texts;
import io.enrollmentsync.spi.CursorStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link CursorStore} on Redis: one string per cursor at {@code {keyPrefix}:cursor:<name>},
 * holding an ISO-8601 instant such as {@code 2025-03-19T12:05:00Z} that an operator can read, or
 * set to make the poller walk again from there.
 *
 * @since 0.1.0
 */
public final class RedisCursorStore implements CursorStore {
  private final UnifiedJedis jedis;
  private final String keyPrefix;

  /**
   * Creates a store under the key prefix {@code enrollment-sync}.
   *
   * @param jedis the client; the caller owns it and closes it
   * @since 0.1.0
   */
  public RedisCursorStore(UnifiedJedis jedis) {
    this(jedis, RedisKeys.DEFAULT_PREFIX);
  }

  /**
   * Creates a store under the given key prefix, the same one the queue uses.
   *
   * @param jedis the client; the caller owns it and closes it
   * @param keyPrefix the hash tag of every key, without braces
   * @since 0.1.0
   */
  public RedisCursorStore(UnifiedJedis jedis, String keyPrefix) {
    this.jedis = Objects.requireNonNull(jedis, "jedis == null");
    this.keyPrefix = RedisKeys.prefix(keyPrefix);
  }

  /**
   * {@inheritDoc}
   *
   * @throws SyncStoreUnavailableException when Redis cannot be reached
   * @throws IllegalStateException when the key holds something that is not an instant
   */
  @Override
  public Optional<Instant> load(String name) {
    String key = RedisKeys.key(keyPrefix, "cursor", name);
    String value;
    try {
      value = jedis.get(key);
    } catch (JedisException e) {
      throw new SyncStoreUnavailableException(
          "Cannot read poll cursor " + key + " from Redis: " + e.getMessage(), e);
    }
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw new IllegalStateException("Redis key " + key + " holds '" + Texts.abbreviate(value)
          + "', not an ISO-8601 instant: set it to a time such as 2025-03-19T12:05:00Z, or"
          + " delete it to walk from the backfill start", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws SyncStoreUnavailableException when Redis cannot be reached
   */
  @Override
  public void save(String name, Instant position) {
    Objects.requireNonNull(position, "position == null");
    String key = RedisKeys.key(keyPrefix, "cursor", name);
    try {
      jedis.set(key, position.toString());
    } catch (JedisException e) {
      throw new SyncStoreUnavailableException(
          "Cannot save poll cursor " + key + " to Redis: " + e.getMessage(), e);
    }
  }

}
