package io.hbasetunnel.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class whose {@link TwoHBaseClusters} may be the ones the previous class used:
 * the build runs these classes in one JVM ({@code reuseForks}), so they start one pair between
 * them (per distinct settings) instead of one each. A class may share when it leaves the clusters
 * usable for the next one: it stops or adds no region server, moves nothing the next class
 * relies on, and changes only what {@code ClusterPair#resetForNextClass} restores (tables,
 * namespaces, snapshots, replication peers, the compaction and balancer switches), or it says
 * that it does not ({@link #changesClusters}). Every other class keeps a JVM and a pair of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(SharedClusters.TAG)
public @interface SharedClusters {
  String TAG = "shared-clusters";

  /**
   * The class stops, aborts or adds a region server (or otherwise leaves the pair unfit for the
   * next class): it runs after the other classes of its JVM ({@link SharedClustersOrder}), on the
   * pair they used, and the pool stops that pair after it.
   */
  boolean changesClusters() default false;
}
