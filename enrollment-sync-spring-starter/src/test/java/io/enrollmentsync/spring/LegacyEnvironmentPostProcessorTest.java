package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
        "REDIS_KEY_PREFIX", "advspring",
        "API_KEY", "api-key",
        "API_SUBDOMAIN", "acme",
        "THINKIFIC_API_BASE_URL", "http://127.0.0.1:9999/api/public/v1",
        "SYNC_POLL_INTERVAL", "90s"));

    EnrollmentSyncProperties properties = process(environment);

    assertThat(properties.getWebhook().getSecrets()).containsExactly("site-key");
    assertThat(properties.getRedis().getHost()).isEqualTo("redis.internal");
    assertThat(properties.getRedis().getPort()).isEqualTo(6380);
    assertThat(properties.getRedis().getPassword()).isEqualTo("s3cret");
    assertThat(environment.getProperty("enrollment-sync.thinkific.api-key")).isEqualTo("api-key");
    assertThat(environment.getProperty("enrollment-sync.thinkific.subdomain")).isEqualTo("acme");
    assertThat(properties.getRedis().getKeyPrefix()).isEqualTo("advspring");
    assertThat(properties.getThinkific().getBaseUrl())
        .isEqualTo("http://127.0.0.1:9999/api/public/v1");
    assertThat(properties.getPoller().getInterval()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void severalCommaSeparatedWebhookSecretsDuringARotationBindAsSeveralKeys() {
    StandardEnvironment environment =
        environment(Map.of("THINKIFIC_WEBHOOK_SECRET", "old-site-key, new-site-key"));

    EnrollmentSyncProperties properties = process(environment);

    assertThat(properties.getWebhook().getSecrets())
        .containsExactly("old-site-key", "new-site-key");
  }

  @Test
  void theIsoFormOfThePollIntervalBindsToo() {
    EnrollmentSyncProperties properties =
        process(environment(Map.of("SYNC_POLL_INTERVAL", "PT3M")));

    assertThat(properties.getPoller().getInterval()).isEqualTo(Duration.ofMinutes(3));
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
