package io.enrollmentsync.webhook;

import io.enrollmentsync.SyncConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Thinkific's {@code X-Thinkific-Hmac-Sha256} header: HMAC-SHA256 of the exact body bytes,
 * hex-encoded, under any of the active keys.
 *
 * <p>Several keys may be active at once, so a key can be rotated without dropping deliveries. The
 * header is checked strictly (64 hex digits after trimming; upper-case hex is accepted) and the
 * comparison takes constant time. Keys never appear in messages, logs or {@link #toString()}.
 *
 * @since 0.1.0
 */
public final class HmacVerifier {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAC_HEX_LENGTH = 64;

  private final List<SecretKeySpec> keys;
  private final ThreadLocal<Mac[]> macs;

  /** The result of one verification; each failure has the name of its metrics counter. */
  public enum Result {
    /** One of the active keys produced this signature. */
    VALID("valid"),
    /** No signature header. */
    MISSING("signature.missing"),
    /** The header appeared more than once. */
    REPEATED("signature.repeated"),
    /** The header was empty or blank. */
    EMPTY("signature.empty"),
    /** Not 64 characters after trimming. */
    WRONG_LENGTH("signature.wrong_length"),
    /** 64 characters, but not all hex digits. */
    NOT_HEX("signature.not_hex"),
    /** Well-formed, but no active key produced it. */
    MISMATCH("signature.mismatch");

    private final String reason;

    Result(String reason) {
      this.reason = reason;
    }

    /**
     * Returns the reason's name, used in metrics and error bodies.
     *
     * @return such as {@code signature.mismatch}
     */
    public String reason() {
      return reason;
    }
  }

  private HmacVerifier(List<SecretKeySpec> keys) {
    this.keys = keys;
    this.macs = ThreadLocal.withInitial(this::newMacs);
  }

  /**
   * Creates a verifier for the active keys.
   *
   * @param secrets the site API key and/or app client secrets; at least one, none blank
   * @return the verifier
   * @throws SyncConfigurationException when no key is given, or one is null, blank or has
   *     surrounding whitespace
   */
  public static HmacVerifier of(List<String> secrets) {
    if (secrets == null || secrets.isEmpty()) {
      throw new SyncConfigurationException("No webhook secret configured: set the webhook secret"
          + " (WebhookConfig.Builder.secret; THINKIFIC_WEBHOOK_SECRET in the examples) to the site"
          + " API key or the app's client secret so that deliveries can be verified; the receiver"
          + " never runs without one");
    }
    List<SecretKeySpec> keys = new ArrayList<>(secrets.size());
    for (int i = 0; i < secrets.size(); i++) {
      String secret = secrets.get(i);
      String which = "Webhook secret #" + (i + 1) + " of " + secrets.size();
      if (secret == null || secret.isBlank()) {
        throw new SyncConfigurationException(which + " is " + (secret == null ? "missing (null)"
            : "blank") + ": set the webhook secret (THINKIFIC_WEBHOOK_SECRET in the examples) to"
            + " the real key, or remove the entry");
      }
      if (!secret.strip().equals(secret)) {
        // Usually a newline from a secret file: every signature would then be a mismatch.
        throw new SyncConfigurationException(which + " starts or ends with whitespace, which no"
            + " Thinkific key does (often a newline read from a file): trim it");
      }
      keys.add(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    }
    return new HmacVerifier(List.copyOf(keys));
  }

  /**
   * Verifies a delivery.
   *
   * @param body the exact bytes received
   * @param headerValues every value of the signature header, as received (empty or null when
   *     absent)
   * @return {@link Result#VALID} or the reason for rejecting it
   */
  public Result verify(byte[] body, List<String> headerValues) {
    Objects.requireNonNull(body, "body == null");
    if (headerValues == null || headerValues.isEmpty()) {
      return Result.MISSING;
    }
    if (headerValues.size() > 1) {
      return Result.REPEATED;
    }
    String value = headerValues.get(0) == null ? "" : headerValues.get(0).trim();
    if (value.isEmpty()) {
      return Result.EMPTY;
    }
    if (value.length() != MAC_HEX_LENGTH) {
      return Result.WRONG_LENGTH;
    }
    byte[] received = decodeHex(value);
    if (received == null) {
      return Result.NOT_HEX;
    }
    boolean match = false;
    for (Mac mac : macs.get()) {
      // Every key is tried, so the time taken does not tell which key matched.
      match |= MessageDigest.isEqual(mac.doFinal(body), received);
    }
    return match ? Result.VALID : Result.MISMATCH;
  }

  /**
   * Signs a body the way Thinkific does, for tests and tools that send deliveries.
   *
   * @param secret the key
   * @param body the exact body bytes
   * @return lower-case hex HMAC-SHA256
   */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return toHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /**
   * Returns how many keys are active.
   *
   * @return the count
   */
  public int keyCount() {
    return keys.size();
  }

  @Override
  public String toString() {
    return "HmacVerifier[keys=" + keys.size() + "]";
  }

  private Mac[] newMacs() {
    Mac[] out = new Mac[keys.size()];
    try {
      for (int i = 0; i < out.length; i++) {
        out[i] = Mac.getInstance(ALGORITHM);
        out[i].init(keys.get(i));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
    return out;
  }

  private static byte[] decodeHex(String hex) {
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = hexValue(hex.charAt(2 * i));
      int lo = hexValue(hex.charAt(2 * i + 1));
      if (hi < 0 || lo < 0) {
        return null;
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /** ASCII hex digits only: {@link Character#digit} would also take other scripts' digits. */
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static String toHex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    char[] digits = "0123456789abcdef".toCharArray();
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = digits[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
