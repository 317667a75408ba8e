package io.enrollmentsync.internal.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script shipped as a class-path resource beside this class, run by its SHA-1 and sent in
 * full only when the server does not know it (after a restart or a failover).
 */
public final class LuaScript {
  private final String name;
  private final String source;
  private final String sha1;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha1 = sha1(source);
  }

  /**
   * Loads a script from {@code io/enrollmentsync/internal/redis/<name>.lua}.
   *
   * @param name the file name without {@code .lua}
   * @return the script
   * @throws IllegalStateException when the resource is missing from the jar
   */
  public static LuaScript load(String name) {
    String path = name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "Lua script " + path + " is missing from the class path; the jar is incomplete");
      }
      return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Lua script " + path, e);
    }
  }

  /**
   * Runs the script.
   *
   * @param redis the client
   * @param keys the keys, all under one hash tag
   * @param args the arguments
   * @return the script's reply, as Jedis decodes it
   */
  public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
    try {
      return redis.evalsha(sha1, keys, args);
    } catch (JedisNoScriptException e) {
      // EVAL also caches the script, so the next EVALSHA finds it.
      return redis.eval(source, keys, args);
    }
  }

  /**
   * Returns the script's name.
   *
   * @return the name, such as {@code offer}
   */
  public String name() {
    return name;
  }

  private static String sha1(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
