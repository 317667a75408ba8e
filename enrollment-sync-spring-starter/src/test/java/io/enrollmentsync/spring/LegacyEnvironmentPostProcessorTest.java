package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class LegacyEnvironmentPostProcessorTest {

  @Test
  void mapsEachOriginalEnvironmentNameOntoItsProperty() {
    StandardEnvironment environment = environment(Map.of(
        "THINKIFIC_WEBHOOK_SECRET", "site-key",
        "REDIS_HOST", "redis.internal",
        "REDIS_PORT", "6380",
        "REDIS_PASSWORD", "s3cret",
        "API_KEY", "api-key",
        "API_SUBDOMAIN", "acme"));

    EnrollmentSyncProperties properties = process(environment);

    assertThat(properties.getWebhook().getSecrets()).containsExactly("site-key");
    assertThat(properties.getRedis().getHost()).isEqualTo("redis.internal");
    assertThat(properties.getRedis().getPort()).isEqualTo(6380);
    assertThat(properties.getRedis().getPassword()).isEqualTo("s3cret");
    assertThat(environment.getProperty("enrollment-sync.thinkific.api-key")).isEqualTo("api-key");
    assertThat(environment.getProperty("enrollment-sync.thinkific.subdomain")).isEqualTo("acme");
  }

  @Test
  void anEnrollmentSyncPropertySetElsewhereWinsOverTheOriginalName() {
    StandardEnvironment environment = environment(Map.of(
        "REDIS_HOST", "old-host",
        "ENROLLMENT_SYNC_REDIS_HOST", "new-host"));

    EnrollmentSyncProperties properties = process(environment);

    assertThat(properties.getRedis().getHost()).isEqualTo("new-host");
  }

  @Test
  void blankOrMissingNamesAddNothing() {
    StandardEnvironment environment = environment(Map.of("REDIS_HOST", " "));

    process(environment);

    assertThat(environment.getPropertySources()
        .contains(LegacyEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
    assertThat(environment.getProperty("enrollment-sync.redis.host")).isNull();
  }

  private static StandardEnvironment environment(Map<String, Object> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().replace(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new HashMap<>(variables)));
    return environment;
  }

  private static EnrollmentSyncProperties process(StandardEnvironment environment) {
    new LegacyEnvironmentPostProcessor()
        .postProcessEnvironment(environment, new SpringApplication());
    return Binder.get(environment)
        .bindOrCreate(EnrollmentSyncProperties.PREFIX, EnrollmentSyncProperties.class);
  }
}
