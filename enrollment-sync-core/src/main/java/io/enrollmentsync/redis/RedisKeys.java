package io.enrollmentsync.redis;

import java.util.Objects;

/** Builds the keys of the cursor and lease stores under one hash tag, so they fit a cluster. */
final class RedisKeys {
  /** The key prefix when none is configured. */
  static final String DEFAULT_PREFIX = "enrollment-sync";

  private RedisKeys() {}

  static String prefix(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix == null");
    if (keyPrefix.isBlank() || keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException("keyPrefix must be non-blank and free of braces (it"
          + " becomes the hash tag {keyPrefix}), but was '" + keyPrefix + "'");
    }
    return keyPrefix;
  }

  static String key(String keyPrefix, String kind, String name) {
    Objects.requireNonNull(name, "name == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return "{" + keyPrefix + "}:" + kind + ":" + name;
  }
}
