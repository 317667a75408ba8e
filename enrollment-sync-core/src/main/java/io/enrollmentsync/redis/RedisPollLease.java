package io.enrollmentsync.redis;

import io.enrollmentsync.SyncStoreUnavailableException;
import io.enrollmentsync.spi.PollLease;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * A {@link PollLease} on Redis, shared by every instance that uses the same server and key prefix:
 * the key {@code {keyPrefix}:lease:<name>} holds a random token of the owner and expires after
 * the lease's time to live.
 *
 * <p>Taking it is {@code SET key token NX PX ttl}; renewing and releasing run a script that
 * checks the token first, so an owner whose lease expired and was taken by another instance can
 * neither extend nor delete the new owner's lease.
 *
 * @since 0.1.0
 */
public final class RedisPollLease implements PollLease {
  private static final String RENEW =
      "if redis.call('get', KEYS[1]) == ARGV[1] then"
          + " return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
  private static final String RELEASE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then"
          + " return redis.call('del', KEYS[1]) else return 0 end";

  private final UnifiedJedis jedis;
  private final String keyPrefix;

  /**
   * Creates leases under the key prefix {@code enrollment-sync}.
   *
   * @param jedis the client; the caller owns it and closes it
   * @since 0.1.0
   */
  public RedisPollLease(UnifiedJedis jedis) {
    this(jedis, RedisKeys.DEFAULT_PREFIX);
  }

  /**
   * Creates leases under the given key prefix, the same one the queue uses.
   *
   * @param jedis the client; the caller owns it and closes it
   * @param keyPrefix the hash tag of every key, without braces
   * @since 0.1.0
   */
  public RedisPollLease(UnifiedJedis jedis, String keyPrefix) {
    this.jedis = Objects.requireNonNull(jedis, "jedis == null");
    this.keyPrefix = RedisKeys.prefix(keyPrefix);
  }

  /**
   * {@inheritDoc}
   *
   * @throws SyncStoreUnavailableException when Redis cannot be reached
   */
  @Override
  public Optional<Held> tryAcquire(String name, Duration ttl) {
    long millis = ttlMillis(ttl);
    String key = RedisKeys.key(keyPrefix, "lease", name);
    String token = UUID.randomUUID().toString();
    String reply;
    try {
      reply = jedis.set(key, token, SetParams.setParams().nx().px(millis));
    } catch (JedisException e) {
      throw new SyncStoreUnavailableException(
          "Cannot take poll lease " + key + " in Redis: " + e.getMessage(), e);
    }
    return "OK".equals(reply) ? Optional.of(new HeldLease(key, token)) : Optional.empty();
  }

  private static long ttlMillis(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl == null");
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms, but was " + ttl);
    }
    return ttl.toMillis();
  }

  private final class HeldLease implements Held {
    private final String key;
    private final String token;

    HeldLease(String key, String token) {
      this.key = key;
      this.token = token;
    }

    @Override
    public boolean renew(Duration ttl) {
      String millis = Long.toString(ttlMillis(ttl));
      try {
        Object reply = jedis.eval(RENEW, List.of(key), List.of(token, millis));
        return reply instanceof Long && (Long) reply == 1L;
      } catch (JedisException e) {
        throw new SyncStoreUnavailableException(
            "Cannot renew poll lease " + key + " in Redis: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      try {
        jedis.eval(RELEASE, List.of(key), List.of(token));
      } catch (JedisException e) {
        throw new SyncStoreUnavailableException("Cannot release poll lease " + key
            + " in Redis (it expires by itself): " + e.getMessage(), e);
      }
    }
  }
}
