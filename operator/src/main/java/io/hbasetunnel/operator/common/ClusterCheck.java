package io.hbasetunnel.operator.common;

import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import java.util.Optional;
import java.util.function.Function;

/** Whether the clusters a task names exist and answered their last probe (from the informer cache). */
public final class ClusterCheck {
  /** ok, or why not and whether waiting can help (a cluster not yet probed). */
  public record Result(boolean ok, boolean retryLater, String message) {}

  private ClusterCheck() {}

  /** @param clusters the HBaseCluster of a name in the task's namespace, if it exists */
  public static Result check(Function<String, Optional<HBaseCluster>> clusters, String namespace, String source,
      String destination) {
    if (source.equals(destination)) {
      // the shared rule's words (TaskSpecRules), so every entry path says the same
      return new Result(false, false, "spec.destination: '" + destination + "' is the source cluster too: a table would be"
          + " copied onto itself; name two different HBaseClusters");
    }
    for (String[] role : new String[][] {{"source", source}, {"destination", destination}}) {
      HBaseCluster cluster = clusters.apply(role[1]).orElse(null);
      if (cluster == null) {
        return new Result(false, false, role[0] + " HBaseCluster '" + role[1] + "' does not exist in namespace "
            + namespace + "; create it (see examples/hbasecluster.yaml)");
      }
      if (cluster.getStatus() == null || cluster.getStatus().getReachable() == null) {
        return new Result(false, true, role[0] + " HBaseCluster '" + role[1] + "' has not been probed yet");
      }
      if (!cluster.getStatus().getReachable()) {
        return new Result(false, true, role[0] + " HBaseCluster '" + role[1] + "' is unreachable: "
            + cluster.getStatus().getMessage());
      }
    }
    return new Result(true, false, "");
  }
}
