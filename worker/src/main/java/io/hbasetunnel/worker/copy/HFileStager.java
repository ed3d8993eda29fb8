package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.hbase.CellFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellComparator;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.io.HFileLink;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.hfile.HFileContext;
import org.apache.hadoop.hbase.io.hfile.HFileContextBuilder;
import org.apache.hadoop.hbase.regionserver.HStoreFile;
import org.apache.hadoop.hbase.regionserver.StoreFileInfo;
import org.apache.hadoop.hbase.regionserver.StoreFileWriter;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Stages one unit's HFiles on the destination's filesystem for bulk loading. Store files are
 * copied as byte streams where nothing is transformed (HFileLinks resolved to data/ or archive/);
 * a family is rewritten cell by cell when a filter or compression change asks for it, or when it
 * holds split reference files (half-files that only make sense with their parent).
 */
final class HFileStager implements UnitCopier {
  private static final int BUFFER = 1 << 20;

  private final RestoredSnapshot restored;
  private final FileSystem destinationFs;
  private final Configuration destinationConf;
  private final StagingLayout layout;
  private final CellFilter filter;
  private final DestinationTable target;
  private final TableName targetTable;
  private final Compression.Algorithm compressionOverride;
  private final Throttle throttle;

  HFileStager(RestoredSnapshot restored, Configuration destinationConf, FileSystem destinationFs, StagingLayout layout,
      CellFilter filter, TableName targetTable, DestinationTable target, Compression.Algorithm compressionOverride,
      Throttle throttle) {
    this.restored = restored;
    this.destinationConf = destinationConf;
    this.destinationFs = destinationFs;
    this.layout = layout;
    this.filter = filter;
    this.targetTable = targetTable;
    this.target = target;
    this.compressionOverride = compressionOverride;
    this.throttle = throttle;
  }

  @Override
  public UnitResult copy(WorkUnit unit) throws IOException {
    Path tmp = layout.unitTmpDir(unit);
    destinationFs.delete(tmp, true);
    long bytes = 0;
    Set<String> rewrite = new LinkedHashSet<>();
    for (Map.Entry<String, List<String>> family : unit.storeFiles().entrySet()) {
      if (!filter.includesFamily(family.getKey()) || family.getValue().isEmpty()) {
        continue;
      }
      if (needsRewrite(family.getValue())) {
        rewrite.add(family.getKey());
        continue;
      }
      for (String file : family.getValue()) {
        bytes += copyStoreFile(unit, family.getKey(), file, tmp);
        FaultPoint.STAGE_FILE_WRITTEN.reached();
      }
    }
    UnitResult rewritten = rewrite.isEmpty() ? new UnitResult(0, 0, 0) : rewrite(unit, rewrite, tmp);
    Path done = layout.unitDir(unit);
    destinationFs.delete(done, true);
    if (destinationFs.exists(tmp) && !destinationFs.rename(tmp, done)) {
      throw new IOException("cannot move staged files of unit " + unit.id() + " to " + done);
    }
    return new UnitResult(rewritten.rows(), rewritten.cells(), bytes + rewritten.bytes());
  }

  private boolean needsRewrite(List<String> files) {
    return filter.selectsCells() || compressionOverride != null
        || files.stream().anyMatch(StoreFileInfo::isReference);
  }

  /** Streams one store file, wherever it lives now (data/, archive/, or behind a link). */
  private long copyStoreFile(WorkUnit unit, String family, String file, Path unitTmp) throws IOException {
    SnapshotSource snapshot = restored.snapshot();
    HFileLink link;
    String hfileName;
    if (HFileLink.isHFileLink(file)) {
      hfileName = HFileLink.getReferencedHFileName(file);
      link = HFileLink.build(snapshot.conf(), HFileLink.getReferencedTableName(file),
          HFileLink.getReferencedRegionName(file), family, hfileName);
    } else {
      hfileName = file;
      link = HFileLink.build(snapshot.conf(), snapshot.table(), unit.id(), family, file);
    }
    Path target = new Path(unitTmp, family + "/" + hfileName);
    long copied = 0;
    byte[] buffer = new byte[BUFFER];
    try (FSDataInputStream in = link.open(snapshot.fileSystem());
        FSDataOutputStream out = destinationFs.create(target, true)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        throttle.acquire(n);
        out.write(buffer, 0, n);
        copied += n;
      }
    }
    return copied;
  }

  /** Writes the selected cells of some families of the unit into new HFiles. */
  private UnitResult rewrite(WorkUnit unit, Set<String> families, Path unitTmp) throws IOException {
    // rewritten files take the target's family settings: wait for the table if it is being created
    Map<String, ColumnFamilyDescriptor> targetFamilies = target.families();
    Map<String, StoreFileWriter> writers = new HashMap<>();
    try (RegionCellReader reader = new RegionCellReader(restored.snapshot(), restored.dir(), unit,
        filter.withFamilies(families))) {
      return reader.readAll(row -> {
        for (Cell cell : row.rawCells()) {
          String family = Bytes.toString(CellUtil.cloneFamily(cell));
          writers.computeIfAbsent(family, f -> newWriter(unitTmp, targetFamilies.get(f))).append(cell);
        }
      }, throttle);
    } finally {
      closeAll(writers);
    }
  }

  private StoreFileWriter newWriter(Path unitTmp, ColumnFamilyDescriptor target) {
    HFileContext context = new HFileContextBuilder()
        .withCompression(compressionOverride != null ? compressionOverride : target.getCompressionType())
        .withDataBlockEncoding(target.getDataBlockEncoding())
        .withBlockSize(target.getBlocksize())
        .withIncludesTags(true)
        .withColumnFamily(target.getName())
        .withTableName(targetTable.getName())
        .withCellComparator(CellComparator.getInstance())
        .build();
    try {
      return new StoreFileWriter.Builder(destinationConf, destinationFs)
          .withFilePath(new Path(unitTmp, target.getNameAsString() + "/" + UUID.randomUUID().toString().replace("-", "")))
          .withFileContext(context)
          .withBloomType(target.getBloomFilterType())
          .build();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void closeAll(Map<String, StoreFileWriter> writers) throws IOException {
    List<IOException> failures = new ArrayList<>();
    for (StoreFileWriter writer : writers.values()) {
      try {
        writer.appendFileInfo(HStoreFile.BULKLOAD_TIME_KEY, Bytes.toBytes(System.currentTimeMillis()));
        writer.appendMetadata(0, false);
        writer.appendTrackedTimestampsToMetadata();
        writer.close();
      } catch (IOException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
