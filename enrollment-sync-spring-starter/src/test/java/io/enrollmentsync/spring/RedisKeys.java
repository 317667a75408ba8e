package io.enrollmentsync.spring;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Finds and deletes the keys a test wrote under its own prefix. */
final class RedisKeys {
  private RedisKeys() {}

  static List<String> under(UnifiedJedis redis, String keyPrefix) {
    List<String> keys = new ArrayList<>();
    ScanParams match = new ScanParams().match("{" + keyPrefix + "}:*").count(500);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, match);
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }

  static void deleteUnder(UnifiedJedis redis, String keyPrefix) {
    for (String key : under(redis, keyPrefix)) {
      redis.del(key);
    }
  }
}
