package io.hbasetunnel.contract.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ids the operator hands the worker: a run of a task ({@code --task-id}, {@code --sync-id})
 * and a table's key in Job names. A run is its resource's {@code metadata.uid}, so a task deleted
 * and created again under the same name gets a new snapshot, staging directory, checkpoint row and
 * WAL pin; a table is its source and target names, never its place in the spec's list.
 */
public final class TaskIds {
  private TaskIds() {}

  /**
   * {@code <name>-<12 hex of the uid>}. Two resources whose names differ only in punctuation
   * ({@code a-b}, {@code a.b}) still differ here, even after the peer id drops the punctuation.
   */
  public static String runId(String name, String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException(name + " has no metadata.uid yet");
    }
    return name + "-" + hash(uid, 12);
  }

  /** 10 hex characters from the table's source and target names. */
  public static String tableKey(String source, String target) {
    return hash(source + "\n" + target, 10);
  }

  /** The first {@code length} hex characters of the SHA-256 of {@code text}. */
  public static String hash(String text, int length) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
          .substring(0, length);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
