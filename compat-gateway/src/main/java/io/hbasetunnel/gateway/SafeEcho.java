package io.hbasetunnel.gateway;

/**
 * Client-supplied text quoted in an error message: at most 64 characters, and anything but
 * plain name characters shown as '?', so an answer never carries markup, control characters
 * or a kilobyte of someone's input, whatever a client does with it.
 */
final class SafeEcho {
  static final int MAX_SHOWN = 64;

  private SafeEcho() {}

  static String of(String text) {
    if (text == null) {
      return "''";
    }
    StringBuilder shown = new StringBuilder("'");
    text.codePoints().limit(MAX_SHOWN).forEach(c -> shown.append(plain(c) ? (char) c : '?'));
    shown.append('\'');
    int length = text.codePointCount(0, text.length());
    if (length > MAX_SHOWN) {
      shown.append(" (first ").append(MAX_SHOWN).append(" of ").append(length).append(" characters)");
    }
    return shown.toString();
  }

  private static boolean plain(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "._:- ,=_".indexOf(c) >= 0;
  }
}
