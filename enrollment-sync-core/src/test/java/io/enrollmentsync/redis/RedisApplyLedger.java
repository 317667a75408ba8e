package io.enrollmentsync.redis;

import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * A repository for crash tests that several processes share through Redis. It keeps only the
 * version ({@code updatedAt}) of each enrollment, applies an event when it is newer, and counts
 * per event id both the calls and the effective applies (outcome other than STALE), in one atomic
 * script, so a process killed at any instant leaves the counts consistent with the rows.
 */
final class RedisApplyLedger implements EnrollmentRepository {
  private static final String APPLY = """
      redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
      local current = redis.call('HGET', KEYS[1], ARGV[1])
      if current and tonumber(current) >= tonumber(ARGV[3]) then
        return 0
      end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
      redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
      if current then
        return 2
      end
      return 1
      """;

  private final UnifiedJedis redis;
  private final String rows;
  private final String applied;
  private final String calls;

  /**
   * Creates a ledger whose keys sit under a test's prefix.
   *
   * @param redis the client
   * @param prefix the test's key prefix, without braces
   */
  RedisApplyLedger(UnifiedJedis redis, String prefix) {
    this.redis = redis;
    this.rows = "{" + prefix + "}:ledger:rows";
    this.applied = "{" + prefix + "}:ledger:applied";
    this.calls = "{" + prefix + "}:ledger:calls";
  }

  @Override
  public ApplyOutcome apply(EnrollmentEvent event) {
    Object result = redis.eval(APPLY, List.of(rows, applied, calls), List.of(
        Long.toString(event.enrollmentId()), event.eventId(),
        Long.toString(event.snapshot().updatedAt().toEpochMilli())));
    long code = (Long) result;
    if (code == 0) {
      return ApplyOutcome.STALE;
    }
    return code == 1 ? ApplyOutcome.INSERTED : ApplyOutcome.UPDATED;
  }

  @Override
  public Optional<StoredEnrollment> find(long enrollmentId) {
    throw new UnsupportedOperationException("the ledger keeps versions only, not enrollments");
  }

  /** Returns the effective applies per event id. */
  Map<String, Long> effectiveApplies() {
    return counts(applied);
  }

  /** Returns the calls to {@link #apply} per event id, stale ones included. */
  Map<String, Long> calls() {
    return counts(calls);
  }

  /** Returns how many events were applied effectively at least once. */
  long appliedEvents() {
    return redis.hlen(applied);
  }

  private Map<String, Long> counts(String key) {
    Map<String, Long> out = new HashMap<>();
    redis.hgetAll(key).forEach((id, n) -> out.put(id, Long.parseLong(n)));
    return out;
  }
}
