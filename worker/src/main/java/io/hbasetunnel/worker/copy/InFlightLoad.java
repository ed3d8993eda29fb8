package io.hbasetunnel.worker.copy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code _loading} marker of a unit: which of its staged files a bulk-load request is
 * loading right now (family, name, and the file's place in the source's order), written before
 * the request and removed after it. HBase splits a file that spans several destination regions
 * into pieces under {@code <family>/.tmp/} and deletes the file before it loads any piece; a
 * kill between pieces leaves the unloaded rest only there. With the marker the next load knows
 * whose pieces they are and whether they still count (see {@link #recover}).
 */
final class InFlightLoad {
  private static final Logger LOG = LoggerFactory.getLogger(InFlightLoad.class);
  static final String MARKER = "_loading";
  /** Where HBase's bulk-load tool writes the pieces of a split file, beside the file. */
  static final String PIECES = ".tmp";

  private final FileSystem fs;
  private final Path marker;

  private InFlightLoad(FileSystem fs, Path marker) {
    this.fs = fs;
    this.marker = marker;
  }

  /** Writes the marker of every unit with a file in the request (complete or not at all). */
  static List<InFlightLoad> record(FileSystem fs, Map<String, List<StagedStoreFile>> request) throws IOException {
    Map<Path, StringBuilder> byUnit = new LinkedHashMap<>();
    for (Map.Entry<String, List<StagedStoreFile>> family : request.entrySet()) {
      for (StagedStoreFile file : family.getValue()) {
        Path unitDir = file.path().getParent().getParent();
        byUnit.computeIfAbsent(unitDir, k -> new StringBuilder()).append(family.getKey()).append('\t')
            .append(file.path().getName()).append('\t').append(file.sequenceId()).append('\n');
      }
    }
    List<InFlightLoad> markers = new ArrayList<>();
    for (Map.Entry<Path, StringBuilder> unit : byUnit.entrySet()) {
      Path marker = new Path(unit.getKey(), MARKER);
      Path tmp = new Path(unit.getKey(), "." + MARKER + ".tmp");
      try (FSDataOutputStream out = fs.create(tmp, true)) {
        out.write(unit.getValue().toString().getBytes(StandardCharsets.UTF_8));
        out.hsync();
      }
      fs.delete(marker, false);
      if (!fs.rename(tmp, marker)) {
        throw new IOException("cannot write " + marker);
      }
      markers.add(new InFlightLoad(fs, marker));
    }
    return markers;
  }

  void clear() throws IOException {
    fs.delete(marker, false);
  }

  /**
   * Settles a unit's interrupted load. Per file of the marker: still staged -> its split never
   * finished and nothing of it was loaded, so its pieces are dropped and the file loads in its
   * round; gone -> its pieces still in {@code .tmp} are the part no region took yet, so they
   * become staged files with the file's place in the order (named {@code <piece>_SeqId_<id>_})
   * and load before every later file. Then stray piece directories are removed.
   */
  static void recover(FileSystem fs, Path unitDir) throws IOException {
    Path marker = new Path(unitDir, MARKER);
    if (fs.exists(marker)) {
      for (String line : lines(fs, marker)) {
        String[] parts = line.split("\t");
        if (parts.length != 3) {
          continue;
        }
        Path familyDir = new Path(unitDir, parts[0]);
        Path pieces = new Path(familyDir, PIECES);
        if (fs.exists(new Path(familyDir, parts[1])) || !fs.exists(pieces)) {
          continue;
        }
        for (FileStatus piece : fs.listStatus(pieces)) {
          if (piece.isFile()) {
            Path staged = new Path(familyDir, piece.getPath().getName() + "_SeqId_" + parts[2] + "_");
            if (!fs.rename(piece.getPath(), staged)) {
              throw new IOException("cannot move " + piece.getPath() + " to " + staged);
            }
            LOG.info("the load of {}/{} was interrupted: its unloaded piece {} is staged again", parts[0], parts[1],
                staged.getName());
          }
        }
      }
    }
    for (FileStatus family : fs.listStatus(unitDir)) {
      if (family.isDirectory()) {
        fs.delete(new Path(family.getPath(), PIECES), true);
      }
    }
    fs.delete(marker, false);
  }

  private static List<String> lines(FileSystem fs, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
    }
    return lines;
  }
}
