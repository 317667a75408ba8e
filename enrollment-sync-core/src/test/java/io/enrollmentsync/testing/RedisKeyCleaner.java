package io.enrollmentsync.testing;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Deletes the keys a test wrote under its own unique prefix, and nothing else. */
public final class RedisKeyCleaner {
  private RedisKeyCleaner() {}

  /**
   * Deletes every key under the hash tag {@code {prefix}}.
   *
   * @param jedis the client
   * @param prefix a prefix from {@link TestServices#uniquePrefix()}
   * @return how many keys were deleted
   */
  public static long deleteKeys(UnifiedJedis jedis, String prefix) {
    if (!prefix.matches("t[0-9a-f]{10}")) {
      throw new IllegalArgumentException("refusing to delete keys of a non-test prefix " + prefix);
    }
    List<String> keys = new ArrayList<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    ScanParams match = new ScanParams().match("{" + prefix + "}:*").count(500);
    do {
      ScanResult<String> page = jedis.scan(cursor, match);
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys.isEmpty() ? 0 : jedis.del(keys.toArray(new String[0]));
  }
}
