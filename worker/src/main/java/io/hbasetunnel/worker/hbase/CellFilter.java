package io.hbasetunnel.worker.hbase;

import java.io.IOException;
import java.util.Set;
import org.apache.hadoop.hbase.client.IsolationLevel;
import org.apache.hadoop.hbase.client.RegionInfo;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Which cells of the source are copied: families, time range, row range and versions. Empty
 * means everything, which lets the bulkload path copy store files byte for byte.
 */
public record CellFilter(Set<String> families, Long startTime, Long endTime, byte[] startRow, byte[] stopRow,
    Integer maxVersions) {

  public static final CellFilter ALL = new CellFilter(Set.of(), null, null, null, null, null);

  /** True when cells must be rewritten (filtered) rather than whole files copied. */
  public boolean selectsCells() {
    return startTime != null || endTime != null || startRow != null || stopRow != null || maxVersions != null;
  }

  public boolean includesFamily(String family) {
    return families.isEmpty() || families.contains(family);
  }

  /** False when the region holds no row of the row range: the unit is done without reading. */
  public boolean overlaps(RegionInfo region) {
    boolean startsBeforeStop = stopRow == null || Bytes.compareTo(region.getStartKey(), stopRow) < 0;
    boolean endsAfterStart = startRow == null || region.getEndKey().length == 0
        || Bytes.compareTo(region.getEndKey(), startRow) > 0;
    return startsBeforeStop && endsAfterStart;
  }

  /** A raw scan of one region: every version and delete marker, within the filter. */
  public Scan scanFor(RegionInfo region) throws IOException {
    Scan scan = new Scan()
        .setRaw(true)
        .setIsolationLevel(IsolationLevel.READ_UNCOMMITTED)
        .setCacheBlocks(false)
        .setBatch(1000)
        .withStartRow(max(region.getStartKey(), startRow))
        .withStopRow(min(region.getEndKey(), stopRow));
    scan.readVersions(maxVersions == null ? Integer.MAX_VALUE : maxVersions);
    return restrict(scan);
  }

  /** Narrows any scan to this filter's time range and families (rows and versions are the caller's). */
  public Scan restrict(Scan scan) throws IOException {
    if (startTime != null || endTime != null) {
      scan.setTimeRange(startTime == null ? 0 : startTime, endTime == null ? Long.MAX_VALUE : endTime);
    }
    families.forEach(f -> scan.addFamily(Bytes.toBytes(f)));
    return scan;
  }

  /** The same filter for other families. */
  public CellFilter withFamilies(Set<String> only) {
    return new CellFilter(only, startTime, endTime, startRow, stopRow, maxVersions);
  }

  private static byte[] max(byte[] regionStart, byte[] start) {
    if (start == null) {
      return regionStart;
    }
    return Bytes.compareTo(regionStart, start) >= 0 ? regionStart : start;
  }

  private static byte[] min(byte[] regionEnd, byte[] stop) {
    if (stop == null) {
      return regionEnd;
    }
    if (regionEnd.length == 0) {
      return stop;
    }
    return Bytes.compareTo(regionEnd, stop) <= 0 ? regionEnd : stop;
  }
}
