package io.hbasetunnel.testing;

import java.util.Map;
import java.util.TreeMap;

/** What a {@link TwoHBaseClusters} asks for: two test classes with equal settings can share one pair. */
record ClusterSettings(int sourceRegionServers, int destinationRegionServers, Map<String, String> sourceOverrides,
    Map<String, String> destinationOverrides) {
  ClusterSettings {
    sourceOverrides = Map.copyOf(new TreeMap<>(sourceOverrides));
    destinationOverrides = Map.copyOf(new TreeMap<>(destinationOverrides));
  }
}
