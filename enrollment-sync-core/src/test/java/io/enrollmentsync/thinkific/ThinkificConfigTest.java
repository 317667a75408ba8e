package io.enrollmentsync.thinkific;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrollmentsync.SyncConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThinkificConfigTest {
  private static final String KEY = "secret-key-abcdef";

  @Test
  void defaultsFollowTheThinkificNotes() {
    ThinkificConfig config = ThinkificConfig.builder().apiKey(KEY).subdomain("acme").build();

    assertThat(config.baseUrl()).hasToString("https://api.thinkific.com/api/public/v1");
    assertThat(config.pageSize()).isEqualTo(250);
    assertThat(config.requestsPerMinute()).isEqualTo(120);
    assertThat(config.usesBearerToken()).isFalse();
  }

  @Test
  void toStringNamesTheSubdomainButNeverTheKeyOrToken() {
    ThinkificConfig withKey = ThinkificConfig.builder().apiKey(KEY).subdomain("acme").build();
    ThinkificConfig withToken = ThinkificConfig.builder().bearerToken(KEY).build();

    assertThat(withKey.toString()).contains("acme").doesNotContain(KEY);
    assertThat(withToken.toString()).contains("bearer-token").doesNotContain(KEY);
  }

  @Test
  void trailingSlashOfTheBaseUrlIsDropped() {
    ThinkificConfig config = ThinkificConfig.builder()
        .baseUrl("http://127.0.0.1:8080/api/public/v1/").bearerToken(KEY).build();

    assertThat(config.baseUrl()).hasToString("http://127.0.0.1:8080/api/public/v1");
  }

  @Test
  void pageSizeAboveTheApiMaximumIsRejectedWithTheValue() {
    assertThatThrownBy(() -> ThinkificConfig.builder().pageSize(251))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("251").hasMessageContaining("250");
  }

  @Test
  void missingCredentialsAreRejectedAtBuildWithWhatToSet() {
    assertThatThrownBy(() -> ThinkificConfig.builder().build())
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("apiKey").hasMessageContaining("bearerToken");
  }

  @Test
  void apiKeyWithoutSubdomainIsRejectedAtBuild() {
    assertThatThrownBy(() -> ThinkificConfig.builder().apiKey(KEY).build())
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("subdomain");
  }

  @Test
  void apiKeyAndBearerTokenTogetherAreRejected() {
    assertThatThrownBy(
        () -> ThinkificConfig.builder().apiKey(KEY).subdomain("acme").bearerToken(KEY).build())
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("not both");
  }

  @Test
  void credentialsInTheBaseUrlAreRejectedWithoutEchoingThem() {
    assertThatThrownBy(() -> ThinkificConfig.builder().baseUrl("https://user:" + KEY + "@x.io/v1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user info")
        .hasMessageNotContaining(KEY);
  }

  @Test
  void apiKeyWithALineBreakInsideIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> ThinkificConfig.builder().apiKey("abc\ndef-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position 3")
        .hasMessageNotContaining("def-secret");
  }

  @Test
  void backoffCapBelowTheInitialWaitIsRejected() {
    assertThatThrownBy(
        () -> ThinkificConfig.builder().backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT1S").hasMessageContaining("PT5S");
  }
}
