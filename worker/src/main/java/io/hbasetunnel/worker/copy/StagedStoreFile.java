package io.hbasetunnel.worker.copy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.io.hfile.CacheConfig;
import org.apache.hadoop.hbase.io.hfile.HFile;
import org.apache.hadoop.hbase.regionserver.HStoreFile;
import org.apache.hadoop.hbase.regionserver.TimeRangeTracker;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * One staged store file with what HBase orders store files by: among cells with identical
 * coordinates (row, column, timestamp, type) the newer file wins, "newer" meaning a higher
 * sequence id, then the smaller file, then a later bulk-load time, then the name. Staged files
 * keep the source's name and metadata, so the source's order can be read back from them.
 *
 * <p>{@code minTime}/{@code maxTime}: the file's TIMERANGE metadata, the timestamps of every cell
 * in it (HBase writes it for every store file and skips files by it when reading; a DeleteColumn
 * or DeleteFamily marker counts as reaching back to 0, since it masks everything older). A file
 * without it spans all time.
 */
record StagedStoreFile(Path path, long sequenceId, long size, long bulkLoadTime, byte[] firstRow, byte[] lastRow,
    long minTime, long maxTime) {

  /** Oldest first, the order in which the source's store scanner lets later files win. */
  static final Comparator<StagedStoreFile> SOURCE_ORDER = Comparator.comparingLong(StagedStoreFile::sequenceId)
      .thenComparing(Comparator.comparingLong(StagedStoreFile::size).reversed())
      .thenComparingLong(StagedStoreFile::bulkLoadTime)
      .thenComparing(f -> f.path().getName());

  private static final String BULKLOAD_SEQ_ID = "SeqId_";

  static StagedStoreFile read(FileSystem fs, FileStatus status, Configuration conf) throws IOException {
    Path path = status.getPath();
    try (HFile.Reader reader = HFile.createReader(fs, path, CacheConfig.DISABLED, true, conf)) {
      Map<byte[], byte[]> info = reader.getHFileInfo();
      byte[] bulkTime = info.get(HStoreFile.BULKLOAD_TIME_KEY);
      byte[] firstRow = reader.getFirstKey().map(CellUtil::cloneRow).orElse(HConstants.EMPTY_BYTE_ARRAY);
      byte[] lastRow = reader.getLastKey().map(CellUtil::cloneRow).orElse(HConstants.EMPTY_BYTE_ARRAY);
      boolean bulkLoaded = bulkTime != null || path.getName().contains(BULKLOAD_SEQ_ID);
      byte[] timeRange = info.get(HStoreFile.TIMERANGE_KEY);
      TimeRangeTracker times = timeRange == null ? null : TimeRangeTracker.parseFrom(timeRange);
      return new StagedStoreFile(path, sequenceIdOf(path.getName(), info), status.getLen(),
          bulkLoaded ? (bulkTime != null ? Bytes.toLong(bulkTime) : Long.MAX_VALUE) : Long.MAX_VALUE,
          firstRow, lastRow, times == null ? 0 : times.getMin(), times == null ? Long.MAX_VALUE : times.getMax());
    }
  }

  /** No timestamp of one file is a timestamp of the other: they cannot hold the same cell coordinates. */
  boolean timesDisjointFrom(StagedStoreFile other) {
    return maxTime < other.minTime || other.maxTime < minTime;
  }

  /**
   * A family's files, oldest first, grouped into load rounds: a file joins the current round
   * when its timestamps overlap none of the round's files, else it starts the next one. Files of
   * one round get one sequence id on the destination, which decides nothing between cells that
   * cannot share coordinates; every pair that could is still loaded older round first. With
   * {@code ordered} (NEW_VERSION_BEHAVIOR families, where a marker masks only puts written
   * before it, so sequence ids matter beyond equal coordinates) every file is a round of its own.
   */
  static List<List<StagedStoreFile>> rounds(List<StagedStoreFile> oldestFirst, boolean ordered) {
    List<List<StagedStoreFile>> rounds = new ArrayList<>();
    List<StagedStoreFile> current = null;
    for (StagedStoreFile file : oldestFirst) {
      if (current == null || ordered || !current.stream().allMatch(file::timesDisjointFrom)) {
        current = new ArrayList<>();
        rounds.add(current);
      }
      current.add(file);
    }
    return rounds;
  }

  /**
   * A file bulk loaded on the source carries the sequence id it was given in its name
   * ({@code <name>_SeqId_<id>_}, the last one counts); any other file in its MAX_SEQ_ID metadata.
   */
  static long sequenceIdOf(String name, Map<byte[], byte[]> info) {
    int at = name.lastIndexOf(BULKLOAD_SEQ_ID);
    if (at >= 0) {
      int from = at + BULKLOAD_SEQ_ID.length();
      int to = name.indexOf('_', from);
      try {
        return Long.parseLong(to < 0 ? name.substring(from) : name.substring(from, to));
      } catch (NumberFormatException e) {
        // not a bulk-load name after all: fall back to the metadata
      }
    }
    byte[] max = info.get(HStoreFile.MAX_SEQ_ID_KEY);
    return max == null ? 0 : Bytes.toLong(max);
  }
}
