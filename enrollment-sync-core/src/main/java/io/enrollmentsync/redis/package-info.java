/**
 * Implementations of the SPIs on Redis through Jedis, such as {@link
 * io.enrollmentsync.redis.RedisEventQueue}: a stream with a consumer group, a delayed set for
 * retries and a capped dead-letter stream.
 *
 * <p>Every key starts with {@code {<keyPrefix>}:}, one hash tag, so the same code runs on a
 * single server and on Redis Cluster. Run Redis with {@code maxmemory-policy noeviction}: an
 * evicting server may silently drop queued events. See {@code docs/redis-queue.md}.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.redis;
