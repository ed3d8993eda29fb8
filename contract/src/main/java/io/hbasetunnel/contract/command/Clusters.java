package io.hbasetunnel.contract.command;

/**
 * {@code --source-conf} and {@code --destination-conf}: directories holding each cluster's
 * {@code hbase-site.xml}; every command takes them.
 */
public record Clusters(String sourceConf, String destinationConf) {
  /** The layout the operator mounts: {@code <root>/source} and {@code <root>/destination}. */
  public static Clusters mountedAt(String root) {
    return new Clusters(root + "/source", root + "/destination");
  }
}
