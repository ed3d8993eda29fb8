package io.hbasetunnel.worker.copy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Splits one round of files into bulk-load requests that each give a destination region at most
 * {@code maxPerRegionPerFamily} files of a family (HBase refuses a request above that limit). A
 * file counts for every destination region its row range touches.
 */
final class BulkLoadRequests {
  private final byte[][] regionStartKeys;
  private final int maxPerRegionPerFamily;

  BulkLoadRequests(byte[][] regionStartKeys, int maxPerRegionPerFamily) {
    this.regionStartKeys = regionStartKeys.clone();
    Arrays.sort(this.regionStartKeys, Bytes.BYTES_COMPARATOR);
    this.maxPerRegionPerFamily = Math.max(1, maxPerRegionPerFamily);
  }

  List<Map<String, List<StagedStoreFile>>> split(Map<String, List<StagedStoreFile>> round) {
    List<Map<String, List<StagedStoreFile>>> requests = new ArrayList<>();
    Map<String, List<StagedStoreFile>> current = new TreeMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (Map.Entry<String, List<StagedStoreFile>> family : round.entrySet()) {
      for (StagedStoreFile file : family.getValue()) {
        int first = regionOf(file.firstRow());
        int last = Math.max(first, regionOf(file.lastRow()));
        if (!fits(counts, family.getKey(), first, last)) {
          requests.add(current);
          current = new TreeMap<>();
          counts.clear();
        }
        for (int region = first; region <= last; region++) {
          counts.merge(family.getKey() + "/" + region, 1, Integer::sum);
        }
        current.computeIfAbsent(family.getKey(), k -> new ArrayList<>()).add(file);
      }
    }
    if (!current.isEmpty()) {
      requests.add(current);
    }
    return requests;
  }

  private boolean fits(Map<String, Integer> counts, String family, int first, int last) {
    for (int region = first; region <= last; region++) {
      if (counts.getOrDefault(family + "/" + region, 0) >= maxPerRegionPerFamily) {
        return false;
      }
    }
    return true;
  }

  /** Index of the destination region holding {@code row}: the last start key at or before it. */
  private int regionOf(byte[] row) {
    int at = Arrays.binarySearch(regionStartKeys, row, Bytes.BYTES_COMPARATOR);
    return at >= 0 ? at : Math.max(0, -at - 2);
  }
}
