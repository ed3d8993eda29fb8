package io.hbasetunnel.operator.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes what a deleted task left on its source cluster: the replication peers that pin its WALs
 * and the snapshots it copied from (names: api's SourceNames). The operator does this itself, from
 * the HBaseCluster's spec, so the release depends on no ConfigMap, Secret or new pod: none of them
 * may be left (or allowed) when a namespace is being deleted.
 */
public interface SourceRelease {
  /** What was removed; a name that was already gone is no error. */
  record Released(List<String> peers, List<String> snapshots) {}

  /**
   * @param clientConfig the cluster's client properties (ClientConfigRenderer.properties)
   * @param walPinPeerIds base ids of the pins: every generation of each ({@code <id>}, {@code <id>_<n>}) goes
   * @param snapshots exact snapshot names
   * @throws Exception when the cluster does not answer in time or refuses: the caller tries again
   */
  Released release(Map<String, String> clientConfig, Set<String> walPinPeerIds, Set<String> snapshots) throws Exception;
}
