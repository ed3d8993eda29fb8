package io.hbasetunnel.worker.wal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.util.CommonFSUtils;
import org.apache.hadoop.hbase.wal.AbstractFSWALProvider;

/**
 * Finds the source's WAL files on its WAL filesystem: live ones under WALs/<server>/, those of
 * crashed servers under WALs/<server>-splitting/, and archived ones under oldWALs/, all under the
 * WAL root ({@code hbase.wal.dir}, which defaults to {@code hbase.rootdir}). Meta WALs are skipped.
 */
public final class WalLocator {
  private final FileSystem fs;
  private final Path walsDir;
  private final Path oldWalsDir;

  public WalLocator(FileSystem fs, Path rootDir) {
    this.fs = fs;
    this.walsDir = new Path(rootDir, HConstants.HREGION_LOGDIR_NAME);
    this.oldWalsDir = new Path(rootDir, HConstants.HREGION_OLDLOGDIR_NAME);
  }

  /**
   * The locator of a cluster's WALs, from its configuration: the WAL root and its filesystem, which
   * may differ from the root directory's (HBase on S3 keeps its WALs on HDFS).
   */
  static WalLocator of(Configuration conf) throws IOException {
    return new WalLocator(CommonFSUtils.getWALFileSystem(conf), CommonFSUtils.getWALRootDir(conf));
  }

  /** The filesystem the WALs are on. */
  FileSystem fileSystem() {
    return fs;
  }

  /** Where live and split WALs are looked for, qualified (for messages). */
  String walsDir() {
    return fs.makeQualified(walsDir).toString();
  }

  /** Where archived WALs are looked for, qualified (for messages). */
  String oldWalsDir() {
    return fs.makeQualified(oldWalsDir).toString();
  }

  /** Every stream's files, oldest first. */
  public Map<String, List<WalFile>> streams() throws IOException {
    Map<String, List<WalFile>> streams = new TreeMap<>();
    for (FileStatus server : list(walsDir)) {
      if (server.isDirectory()) {
        addFiles(list(server.getPath()), streams);
      }
    }
    addFiles(list(oldWalsDir), streams);
    streams.values().forEach(files -> files.sort(Comparator.comparingLong(WalFile::created).thenComparing(WalFile::name)));
    return streams;
  }

  /** Where the named file is now, or null when it is in none of the three places. */
  public Path locate(WalFile file) throws IOException {
    Map<String, List<WalFile>> streams = streams();
    for (WalFile candidate : streams.getOrDefault(file.stream(), List.of())) {
      if (candidate.name().equals(file.name())) {
        return candidate.path();
      }
    }
    return null;
  }

  /** Where the file is now: where it was listed if it is still there (one NameNode call), else looked up. */
  public Path where(WalFile file) throws IOException {
    try {
      return fs.getFileStatus(file.path()).isFile() ? file.path() : locate(file);
    } catch (FileNotFoundException e) {
      return locate(file);
    }
  }

  /**
   * Whether a file is really gone, not just between two places: a crashed server's whole
   * directory is renamed to -splitting between two listings, and files move one by one to
   * oldWALs. Looks again a few times, a second apart, before saying so.
   */
  public boolean goneForGood(String stream, String fileName) throws IOException, InterruptedException {
    for (int look = 0; look < 3; look++) {
      if (streams().getOrDefault(stream, List.of()).stream().anyMatch(f -> f.name().equals(fileName))) {
        return false;
      }
      Thread.sleep(1000);
    }
    return true;
  }

  /** Whether the file is in a live server's WAL directory (not archived, not being split). */
  public boolean isLive(WalFile file) {
    return isLive(file.path());
  }

  /** Whether a WAL at this path is in a live server's directory. */
  public boolean isLive(Path path) {
    Path dir = path.getParent();
    return !dir.getName().equals(oldWalsDir.getName()) && !dir.getName().endsWith(AbstractFSWALProvider.SPLITTING_EXT);
  }

  private static void addFiles(List<FileStatus> files, Map<String, List<WalFile>> streams) {
    for (FileStatus status : files) {
      if (!status.isFile() || AbstractFSWALProvider.isMetaFile(status.getPath())) {
        continue;
      }
      WalFile file = WalFile.of(status);
      if (file != null) {
        List<WalFile> stream = streams.computeIfAbsent(file.stream(), k -> new ArrayList<>());
        if (stream.stream().noneMatch(f -> f.name().equals(file.name()))) {
          stream.add(file);
        }
      }
    }
  }

  private List<FileStatus> list(Path dir) throws IOException {
    try {
      return List.of(fs.listStatus(dir));
    } catch (FileNotFoundException e) {
      return List.of();
    }
  }
}
