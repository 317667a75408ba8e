package io.enrollmentsync.spring;

import io.enrollmentsync.redis.RedisCursorStore;
import io.enrollmentsync.redis.RedisEventQueue;
import io.enrollmentsync.redis.RedisPollLease;
import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.EventQueue;
import io.enrollmentsync.spi.PollLease;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * Keeps the queue, the poller's cursor and its lease in Redis when {@code
 * enrollment-sync.redis.host} (or {@code REDIS_HOST}) is set, or when the application defines a
 * client bean named {@code enrollmentSyncJedis}. They share the key prefix, and so one hash tag.
 *
 * <p>The starter opens its own Jedis pool from the {@code enrollment-sync.redis.*} properties, so
 * it does not depend on Spring Data Redis; an application that wants to share a client defines a
 * {@link UnifiedJedis} bean named {@code enrollmentSyncJedis}. The pool closes when the context
 * closes, after the worker has stopped.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = EnrollmentSyncAutoConfiguration.class)
@ConditionalOnClass({JedisPooled.class, RedisEventQueue.class})
@ConditionalOnBooleanProperty(name = "enrollment-sync.enabled", matchIfMissing = true)
@Conditional(EnrollmentSyncRedisAutoConfiguration.RedisConfigured.class)
@EnableConfigurationProperties(EnrollmentSyncProperties.class)
public final class EnrollmentSyncRedisAutoConfiguration {
  /** The name of the Jedis client bean, for applications that supply their own. */
  public static final String JEDIS_BEAN_NAME = "enrollmentSyncJedis";

  @Bean(name = JEDIS_BEAN_NAME)
  @ConditionalOnMissingBean(name = JEDIS_BEAN_NAME)
  JedisPooled enrollmentSyncJedis(EnrollmentSyncProperties properties) {
    EnrollmentSyncProperties.Redis redis = properties.getRedis();
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .clientName("enrollment-sync")
        .database(redis.getDatabase())
        .ssl(redis.isSsl())
        .connectionTimeoutMillis(Math.toIntExact(redis.getConnectTimeout().toMillis()))
        .socketTimeoutMillis(Math.toIntExact(redis.getTimeout().toMillis()));
    CoreSettings.ifSet(redis.getUsername(), client::user);
    CoreSettings.ifSet(redis.getPassword(), client::password);
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(redis.getMaxConnections());
    pool.setMaxIdle(redis.getMaxConnections());
    return new JedisPooled(new HostAndPort(redis.getHost(), redis.getPort()), client.build(),
        pool);
  }

  @Bean
  @ConditionalOnMissingBean
  EventQueue enrollmentSyncEventQueue(
      @Qualifier(JEDIS_BEAN_NAME) UnifiedJedis jedis, EnrollmentSyncProperties properties) {
    return new RedisEventQueue(jedis, CoreSettings.redisQueue(properties.getRedis()));
  }

  @Bean
  @ConditionalOnMissingBean
  CursorStore enrollmentSyncCursorStore(
      @Qualifier(JEDIS_BEAN_NAME) UnifiedJedis jedis, EnrollmentSyncProperties properties) {
    return new RedisCursorStore(jedis, CoreSettings.redisQueue(properties.getRedis()).keyPrefix());
  }

  @Bean
  @ConditionalOnMissingBean
  PollLease enrollmentSyncPollLease(
      @Qualifier(JEDIS_BEAN_NAME) UnifiedJedis jedis, EnrollmentSyncProperties properties) {
    return new RedisPollLease(jedis, CoreSettings.redisQueue(properties.getRedis()).keyPrefix());
  }

  /** A Redis address in the properties, or a client of the application's own. */
  static final class RedisConfigured extends AnyNestedCondition {
    RedisConfigured() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(prefix = "enrollment-sync.redis", name = "host")
    static final class HostSet {}

    @ConditionalOnBean(name = JEDIS_BEAN_NAME)
    static final class ClientGiven {}
  }
}
