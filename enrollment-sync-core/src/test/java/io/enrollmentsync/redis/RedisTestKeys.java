package io.enrollmentsync.redis;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Finds and deletes the keys one test wrote under its own prefix; never touches others. */
final class RedisTestKeys {
  private RedisTestKeys() {}

  /**
   * Lists every key under a prefix.
   *
   * @param redis the client
   * @param prefix the key prefix, without braces
   * @return the keys
   */
  static List<String> all(UnifiedJedis redis, String prefix) {
    List<String> keys = new java.util.ArrayList<>();
    ScanParams params = new ScanParams().match("*" + prefix + "*").count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, params);
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }

  /**
   * Deletes every key under a prefix.
   *
   * @param redis the client
   * @param prefix the key prefix, without braces
   */
  static void deleteAll(UnifiedJedis redis, String prefix) {
    for (String key : all(redis, prefix)) {
      redis.del(key);
    }
  }
}
