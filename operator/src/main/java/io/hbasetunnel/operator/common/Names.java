package io.hbasetunnel.operator.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic names for what the operator creates: the same resource and step always give the
 * same name, so a restarted operator finds its Jobs instead of creating them again.
 */
public final class Names {
  /** Job names end up in a pod label, which allows 63 characters. */
  private static final int MAX = 63;

  private Names() {}

  public static String child(String owner, String suffix) {
    String name = owner + "-" + suffix;
    if (name.length() <= MAX) {
      return name;
    }
    String hash = sha1(owner).substring(0, 10);
    return owner.substring(0, MAX - suffix.length() - hash.length() - 2) + "-" + hash + "-" + suffix;
  }

  /** The first {@code length} hex characters of the SHA-256 of {@code text}. */
  public static String hash(String text, int length) {
    return io.hbasetunnel.contract.naming.TaskIds.hash(text, length);
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
