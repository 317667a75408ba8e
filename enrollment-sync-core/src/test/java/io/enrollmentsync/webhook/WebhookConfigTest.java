package io.enrollmentsync.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.SyncConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Start-up checks: a receiver without a usable key can never be built, so it never fails open. */
class WebhookConfigTest {

  @Test
  void noSecretFailsAtBuildNamingTheSetting() {
    assertThatThrownBy(() -> WebhookConfig.builder().build())
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("No webhook secret configured")
        .hasMessageContaining("WebhookConfig.Builder.secret")
        .hasMessageContaining("THINKIFIC_WEBHOOK_SECRET");
  }

  @Test
  void noSecretFailsEvenWhenUnsignedDeliveriesAreAllowed() {
    assertThatThrownBy(() -> WebhookConfig.builder().allowUnsigned(true).build())
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("No webhook secret configured");
  }

  @Test
  void secretFromAnUnsetEnvironmentVariableFailsNamingTheSettingNotWithANullPointer() {
    String unset = System.getenv("ENROLLMENT_SYNC_TEST_VARIABLE_THAT_IS_NEVER_SET");

    assertThatThrownBy(() -> WebhookConfig.builder().secret(unset).build())
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("Webhook secret #1 of 1 is missing (null)")
        .hasMessageContaining("THINKIFIC_WEBHOOK_SECRET");
  }

  @Test
  void blankSecretFailsNamingWhichOfTheRotatingKeysItIs() {
    assertThatThrownBy(() -> WebhookConfig.builder().secret("current-key").secret(" \t").build())
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("Webhook secret #2 of 2 is blank");
  }

  @Test
  void secretWithATrailingNewlineFailsInsteadOfMismatchingEveryDelivery() {
    assertThatThrownBy(() -> WebhookConfig.builder().secret("site-api-key\n").build())
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("whitespace")
        .hasMessageNotContaining("site-api-key");
  }

  @Test
  void recordConstructorChecksTheSecretsToo() {
    assertThatThrownBy(() -> new WebhookConfig(List.of(), true, 1024, Duration.ofSeconds(5)))
        .isInstanceOf(SyncConfigurationException.class);
    assertThatThrownBy(() -> new WebhookConfig(null, false, 1024, Duration.ofSeconds(5)))
        .isInstanceOf(SyncConfigurationException.class);
    assertThatThrownBy(
        () -> new WebhookConfig(Arrays.asList("key", null), false, 1024, Duration.ofSeconds(5)))
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("#2 of 2");
  }

  @Test
  void assemblyWithoutWebhookSettingsFailsAtBuild() {
    assertThatThrownBy(() -> EnrollmentSync.builder().build())
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("webhook(");
  }

  @Test
  void bodyLimitOutOfRangeFailsNamingTheValue() {
    assertThatThrownBy(() -> WebhookConfig.builder().secret("k").maxBodyBytes(0).build())
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("maxBodyBytes").hasMessageContaining("was 0");
    assertThatThrownBy(() -> WebhookConfig.builder().secret("k").maxBodyBytes(Integer.MAX_VALUE)
        .build())
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("was " + Integer.MAX_VALUE);
  }

  @Test
  void retryAfterBelowOneSecondFailsNamingTheValue() {
    assertThatThrownBy(() -> WebhookConfig.builder().secret("k")
        .retryAfter(Duration.ofMillis(500)).build())
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("retryAfter").hasMessageContaining("PT0.5S");
  }

  @Test
  void toStringNeverShowsASecret() {
    WebhookConfig config = WebhookConfig.builder().secret("super-secret-site-key").build();

    assertThat(config.toString()).doesNotContain("super-secret-site-key").contains("secrets=1");
  }
}
