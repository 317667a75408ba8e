package io.enrollmentsync.internal;

/** Shortens and cleans values before they are quoted in errors, answers or logs. */
public final class Texts {
  /** How much of a rejected value an error quotes by default. */
  public static final int QUOTED_CHARS = 40;

  private Texts() {}

  /**
   * Cuts a text after {@link #QUOTED_CHARS} characters, marking the cut with {@code ...}.
   *
   * @param text the text
   * @return the text, or its beginning and {@code ...}
   */
  public static String abbreviate(String text) {
    return abbreviate(text, QUOTED_CHARS);
  }

  /**
   * Cuts a text after {@code max} characters, marking the cut with {@code ...}.
   *
   * @param text the text
   * @param max the most characters kept
   * @return the text, or its first {@code max} characters and {@code ...}
   */
  public static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }

  /**
   * Keeps printable ASCII, shows any other character as {@code ?}, and cuts after {@code max}
   * characters: safe to put in a log line or a JSON message whatever the sender sent.
   *
   * @param value the value
   * @param max the most characters kept
   * @return the printable form
   */
  public static String printable(String value, int max) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), max + 3));
    for (int i = 0; i < value.length() && out.length() < max; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return value.length() > max ? out + "..." : out.toString();
  }
}
