package io.hbasetunnel.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals parsed by hand. {@code InetAddress.getByName} looks up anything it cannot
 * parse as a literal (e.g. {@code dead.beef}) in DNS, so a client-supplied string could make
 * the gateway wait on, or talk to, a name server; this never does.
 */
final class NumericAddress {
  private NumericAddress() {}

  /** Dotted-quad IPv4 or IPv6 (optionally in brackets, no zone id); null for anything else. */
  static InetAddress parseOrNull(String text) {
    if (text == null) {
      return null;
    }
    String literal = text.strip();
    if (literal.length() > 2 && literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    byte[] bytes = literal.indexOf(':') >= 0 ? ipv6(literal) : ipv4(literal);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes); // from bytes: no lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Exactly four decimal parts 0..255; no leading zeros (some parsers read them as octal). */
  private static byte[] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || part.length() > 1 && part.charAt(0) == '0' || !asciiDigits(part)) {
        return null;
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  /** Eight 16-bit hex groups, one "::" for a run of zero groups, an optional dotted-quad tail. */
  private static byte[] ipv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
    int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2), true);
    if (head == null || tail == null || (gap < 0 ? head.length != 8 : head.length + tail.length > 7)) {
      return null;
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < head.length; i++) {
      put(bytes, i, head[i]);
    }
    for (int i = 0; i < tail.length; i++) {
      put(bytes, 8 - tail.length + i, tail[i]);
    }
    return bytes;
  }

  /** The groups of one side of "::"; the last may be a dotted quad when {@code endsAddress}. */
  private static int[] groups(String text, boolean endsAddress) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    String last = parts[parts.length - 1];
    boolean quad = endsAddress && last.indexOf('.') >= 0;
    int[] groups = new int[parts.length + (quad ? 1 : 0)];
    for (int i = 0; i < parts.length - (quad ? 1 : 0); i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 4 || !asciiHex(part)) {
        return null;
      }
      groups[i] = Integer.parseInt(part, 16);
    }
    if (quad) {
      byte[] v4 = ipv4(last);
      if (v4 == null) {
        return null;
      }
      groups[parts.length - 1] = (v4[0] & 0xFF) << 8 | v4[1] & 0xFF;
      groups[parts.length] = (v4[2] & 0xFF) << 8 | v4[3] & 0xFF;
    }
    return groups;
  }

  private static void put(byte[] bytes, int group, int value) {
    bytes[2 * group] = (byte) (value >> 8);
    bytes[2 * group + 1] = (byte) value;
  }

  // Character.isDigit would accept non-ASCII digits, which Integer.parseInt also reads
  private static boolean asciiDigits(String text) {
    return text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static boolean asciiHex(String text) {
    return text.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
  }
}
