package io.hbasetunnel.contract.naming;

/**
 * Names HBase Tunnel gives to what it leaves on a source cluster: the replication peers that pin
 * a sync's WALs and the snapshots a migration copies from. The worker creates them, the operator
 * removes them when a task is deleted; both call these functions, so the two can never disagree.
 * Plain Java on purpose: the worker uses this class without the Kubernetes client.
 */
public final class SourceNames {
  /** Every name below starts with this: a peer or snapshot without it is never ours. */
  public static final String PREFIX = "hbt";

  private SourceNames() {}

  /** The WAL pin's peer id: peer ids may not contain '-', so the sync id keeps letters and digits only. */
  public static String walPinPeerId(String syncId) {
    return PREFIX + syncId.replaceAll("[^A-Za-z0-9]", "");
  }

  /** Generation {@code n} of the pin: the base id, then {@code <base>_<n>} as the pin rotates. */
  public static String walPinPeerId(String syncId, long generation) {
    return generation == 0 ? walPinPeerId(syncId) : walPinPeerId(syncId) + "_" + generation;
  }

  /** The generation {@code peerId} stands for in the pin whose base id is {@code basePeerId}, or -1 when it is not one. */
  public static long walPinGeneration(String basePeerId, String peerId) {
    if (peerId.equals(basePeerId)) {
      return 0;
    }
    String suffix = peerId.startsWith(basePeerId + "_") ? peerId.substring(basePeerId.length() + 1) : "";
    return !suffix.isEmpty() && suffix.length() < 19 && suffix.chars().allMatch(Character::isDigit) ? Long.parseLong(suffix) : -1;
  }

  /**
   * The snapshot a copy takes of {@code table} ({@code ns:name}, or {@code name} in the default
   * namespace): {@code hbt-<task id>-<namespace>-<name>}.
   */
  public static String snapshotName(String taskId, String table) {
    int colon = table.indexOf(':');
    String namespace = colon < 0 ? "default" : table.substring(0, colon);
    String name = colon < 0 ? table : table.substring(colon + 1);
    return PREFIX + "-" + taskId + "-" + namespace + "-" + name;
  }
}
