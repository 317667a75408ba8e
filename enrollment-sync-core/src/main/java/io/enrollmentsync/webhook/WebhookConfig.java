package io.enrollmentsync.webhook;

import io.enrollmentsync.SyncConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the webhook receiver. Immutable; build it with {@link #builder()}.
 *
 * @param secrets the active signing keys: the site API key and/or app client secrets
 * @param allowUnsigned whether deliveries without a signature header are accepted (and marked)
 * @param maxBodyBytes the largest body accepted
 * @param retryAfter what {@code Retry-After} says when the queue cannot take an event
 * @since 0.1.0
 */
public record WebhookConfig(
    List<String> secrets, boolean allowUnsigned, int maxBodyBytes, Duration retryAfter) {

  /** The default body limit: 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  /** The largest body limit that can be set: 64 MiB. */
  public static final int MAX_MAX_BODY_BYTES = 64 << 20;

  /** Validates the settings; a missing, null or blank secret fails here, at start-up. */
  public WebhookConfig {
    // Before copying: List.copyOf would fail on a null secret (an unset environment variable)
    // with a bare NullPointerException instead of naming the setting.
    HmacVerifier.of(secrets);
    secrets = List.copyOf(secrets);
    if (maxBodyBytes < 1 || maxBodyBytes > MAX_MAX_BODY_BYTES) {
      throw new SyncConfigurationException("maxBodyBytes must be from 1 to " + MAX_MAX_BODY_BYTES
          + " (64 MiB), but was " + maxBodyBytes + "; the default is 1 MiB");
    }
    Objects.requireNonNull(retryAfter, "retryAfter == null");
    if (retryAfter.isNegative() || retryAfter.toSeconds() < 1) {
      throw new SyncConfigurationException(
          "retryAfter must be at least 1 second, but was " + retryAfter);
    }
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults: no secret, unsigned rejected, 1 MiB, Retry-After 5 s
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Keeps the secrets out of logs. */
  @Override
  public String toString() {
    return "WebhookConfig[secrets=" + secrets.size() + ", allowUnsigned=" + allowUnsigned
        + ", maxBodyBytes=" + maxBodyBytes + ", retryAfter=" + retryAfter + "]";
  }

  /**
   * Builds a {@link WebhookConfig}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<String> secrets = new ArrayList<>();
    private boolean allowUnsigned;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration retryAfter = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * Adds an active signing key; call once per key during a rotation.
     *
     * @param secret the key
     * @return this builder
     */
    public Builder secret(String secret) {
      secrets.add(secret);
      return this;
    }

    /**
     * Adds several active signing keys.
     *
     * @param keys the keys
     * @return this builder
     */
    public Builder secrets(List<String> keys) {
      Objects.requireNonNull(keys, "keys == null");
      secrets.addAll(keys);
      return this;
    }

    /**
     * Accepts deliveries that carry no signature header. Off by default: turn it on only for
     * webhooks created by hand in the admin UI, which Thinkific may not sign. Such events are
     * marked {@code unsigned} and a warning is logged at start-up.
     *
     * @param allow whether to accept them
     * @return this builder
     */
    public Builder allowUnsigned(boolean allow) {
      this.allowUnsigned = allow;
      return this;
    }

    /**
     * Sets the largest body accepted; larger ones get 413 without being read to the end.
     *
     * @param bytes the limit, default 1 MiB, at most 64 MiB
     * @return this builder
     */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * Sets the {@code Retry-After} sent with 503 when the queue cannot take an event.
     *
     * @param retryAfter the delay, default 5 s
     * @return this builder
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws SyncConfigurationException when no secret is set, a secret is null or blank, or a
     *     value is out of range; the message names the setting
     */
    public WebhookConfig build() {
      return new WebhookConfig(secrets, allowUnsigned, maxBodyBytes, retryAfter);
    }
  }
}
