package io.enrollmentsync.spring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Lets the environment names of the original deployment keep working: {@code REDIS_HOST}, {@code
 * REDIS_PORT}, {@code REDIS_PASSWORD}, {@code REDIS_KEY_PREFIX}, {@code THINKIFIC_WEBHOOK_SECRET}
 * (several keys comma-separated during a rotation), {@code API_KEY}, {@code API_SUBDOMAIN},
 * {@code THINKIFIC_API_BASE_URL} and {@code SYNC_POLL_INTERVAL}.
 *
 * <p>Each one that is set and not blank becomes the matching {@code enrollment-sync.*} property in
 * a property source of the lowest precedence, so an {@code enrollment-sync.*} property set
 * anywhere else wins over it.
 *
 * @since 0.1.0
 */
public final class LegacyEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  /** The name of the property source this adds. */
  public static final String PROPERTY_SOURCE_NAME = "enrollmentSyncLegacyEnvironment";

  /** Runs after the application's config files are loaded, so it can see them too. */
  public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

  private static final Map<String, String> NAMES = names();

  /** Creates the post-processor; Spring Boot does this from {@code spring.factories}. */
  public LegacyEnvironmentPostProcessor() {}

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> mapped = new LinkedHashMap<>();
    NAMES.forEach((legacy, property) -> {
      String value = environment.getProperty(legacy);
      if (value != null && !value.isBlank()) {
        mapped.put(property, value);
      }
    });
    if (mapped.isEmpty()) {
      return;
    }
    MutablePropertySources sources = environment.getPropertySources();
    MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE_NAME, mapped);
    // Boot's defaultProperties must stay last: they are the defaults of everything.
    if (sources.contains("defaultProperties")) {
      sources.addBefore("defaultProperties", source);
    } else {
      sources.addLast(source);
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  private static Map<String, String> names() {
    Map<String, String> names = new LinkedHashMap<>();
    // The whole list, so that "old-key,new-key" during a rotation binds as two keys.
    names.put("THINKIFIC_WEBHOOK_SECRET", "enrollment-sync.webhook.secrets");
    names.put("REDIS_HOST", "enrollment-sync.redis.host");
    names.put("REDIS_PORT", "enrollment-sync.redis.port");
    names.put("REDIS_PASSWORD", "enrollment-sync.redis.password");
    names.put("REDIS_KEY_PREFIX", "enrollment-sync.redis.key-prefix");
    names.put("API_KEY", "enrollment-sync.thinkific.api-key");
    names.put("API_SUBDOMAIN", "enrollment-sync.thinkific.subdomain");
    names.put("THINKIFIC_API_BASE_URL", "enrollment-sync.thinkific.base-url");
    names.put("SYNC_POLL_INTERVAL", "enrollment-sync.poller.interval");
    return Collections.unmodifiableMap(names);
  }
}
