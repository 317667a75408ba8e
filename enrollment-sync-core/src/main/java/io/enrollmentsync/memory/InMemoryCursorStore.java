package io.enrollmentsync.memory;

import io.enrollmentsync.spi.CursorStore;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CursorStore} in a concurrent map. Cursors are lost when the process stops, so the next
 * start walks from the configured backfill start again.
 *
 * @since 0.1.0
 */
public final class InMemoryCursorStore implements CursorStore {
  private final Map<String, Instant> cursors = new ConcurrentHashMap<>();

  /**
   * Creates an empty store.
   *
   * @since 0.1.0
   */
  public InMemoryCursorStore() {}

  @Override
  public Optional<Instant> load(String name) {
    return Optional.ofNullable(cursors.get(requireName(name)));
  }

  @Override
  public void save(String name, Instant position) {
    Objects.requireNonNull(position, "position == null");
    cursors.put(requireName(name), position);
  }

  static String requireName(String name) {
    Objects.requireNonNull(name, "name == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return name;
  }
}
