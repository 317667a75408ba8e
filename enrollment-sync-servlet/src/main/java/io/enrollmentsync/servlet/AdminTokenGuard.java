package io.enrollmentsync.servlet;

import io.enrollmentsync.SyncConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Checks the bearer token of an admin request against the configured one, in constant time.
 *
 * <p>Both values are hashed with SHA-256 and the digests compared with {@link
 * MessageDigest#isEqual}, so neither the position of the first wrong character nor the token's
 * length shows in the time a check takes. Only the digest of the configured token is kept; the
 * token itself is never logged or echoed.
 *
 * @since 0.1.0
 */
public final class AdminTokenGuard {
  /** Tokens shorter than this are refused at start-up: they can be guessed. */
  public static final int MIN_TOKEN_LENGTH = 16;

  private static final int MAX_TOKEN_LENGTH = 1024;
  private static final String SCHEME = "bearer ";

  private final byte[] expectedDigest;
  private final BiPredicate<byte[], byte[]> digestsEqual;

  AdminTokenGuard(String token, BiPredicate<byte[], byte[]> digestsEqual) {
    validate(token);
    this.expectedDigest = sha256(token);
    this.digestsEqual = Objects.requireNonNull(digestsEqual, "digestsEqual == null");
  }

  /**
   * Creates a guard for one token.
   *
   * @param token the admin token: at least {@value #MIN_TOKEN_LENGTH} characters, no whitespace
   * @return the guard
   * @throws SyncConfigurationException when the token is missing, too short or holds whitespace
   */
  public static AdminTokenGuard of(String token) {
    return new AdminTokenGuard(token, MessageDigest::isEqual);
  }

  /** What {@link #check} decided. */
  public enum Verdict {
    /** The header carries the right token. */
    ALLOWED,
    /** There is no {@code Authorization} header: answer 401. */
    MISSING,
    /** The header is not {@code Bearer <token>}: answer 401. */
    MALFORMED,
    /** The header carries another token: answer 403. */
    WRONG
  }

  /**
   * Checks the value of an {@code Authorization} header.
   *
   * @param authorization the header's value, or null when the request has none
   * @return the verdict
   */
  public Verdict check(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Verdict.MISSING;
    }
    String value = authorization.strip();
    if (value.length() <= SCHEME.length()
        || !value.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return Verdict.MALFORMED;
    }
    String presented = value.substring(SCHEME.length()).strip();
    if (presented.isEmpty() || presented.length() > MAX_TOKEN_LENGTH || hasWhitespace(presented)) {
      return Verdict.MALFORMED;
    }
    return digestsEqual.test(expectedDigest, sha256(presented)) ? Verdict.ALLOWED : Verdict.WRONG;
  }

  /** Keeps the token out of logs. */
  @Override
  public String toString() {
    return "AdminTokenGuard[token=<redacted>]";
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  private static void validate(String token) {
    if (token == null || token.isBlank()) {
      throw new SyncConfigurationException("No admin token given: set one of at least "
          + MIN_TOKEN_LENGTH + " characters (for example the output of 'openssl rand -hex 32'),"
          + " or leave the admin API unmounted");
    }
    if (token.length() < MIN_TOKEN_LENGTH) {
      throw new SyncConfigurationException("The admin token has " + token.length()
          + " characters, fewer than the " + MIN_TOKEN_LENGTH + " required: use a longer random"
          + " value, for example the output of 'openssl rand -hex 32'");
    }
    if (token.length() > MAX_TOKEN_LENGTH || hasWhitespace(token)) {
      throw new SyncConfigurationException("The admin token must be at most " + MAX_TOKEN_LENGTH
          + " characters without spaces or line breaks, so it fits one Authorization header;"
          + " check the variable it is read from for a trailing newline");
    }
  }

  private static boolean hasWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i)) || Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
