package io.hbasetunnel.worker.wal;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.regionserver.wal.ProtobufLogWriter;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.hbase.wal.FSHLogProvider;
import org.apache.hadoop.hbase.wal.WAL;
import org.apache.hadoop.hbase.wal.WALEdit;
import org.apache.hadoop.hbase.wal.WALKeyImpl;

/**
 * A WAL file written with HBase's own WAL writer, under a root laid out like a cluster's, so a
 * test decides exactly when an entry is appended and when the file is closed (with its trailer,
 * as at a roll, or without, as when a server crashes).
 */
final class HandWrittenWal {
  static final TableName TABLE = TableName.valueOf("race");
  private final FSHLogProvider.Writer writer;
  private final Path path;

  private HandWrittenWal(FSHLogProvider.Writer writer, Path path) {
    this.writer = writer;
    this.path = path;
  }

  /** A new file {@code <root>/WALs/<server>/<server's prefix>.<created>}. */
  static HandWrittenWal create(FileSystem fs, Configuration conf, Path root, String server, long created)
      throws IOException {
    return create(fs, conf, root, server, "", created);
  }

  /** The same in {@code WALs/<server><dirSuffix>/}, e.g. "-splitting" for a crashed server's WAL. */
  static HandWrittenWal create(FileSystem fs, Configuration conf, Path root, String server, String dirSuffix,
      long created) throws IOException {
    Path dir = new Path(new Path(root, "WALs"), server + dirSuffix);
    fs.mkdirs(dir);
    Path path = new Path(dir, server.replace(",", "%2C") + "." + created);
    return new HandWrittenWal(FSHLogProvider.createWriter(conf, fs, path, false), path);
  }

  Path path() {
    return path;
  }

  /** Appends a put of row=value and makes it readable; returns the file's length after it. */
  long append(String row) throws IOException {
    WALEdit edit = new WALEdit();
    byte[] r = Bytes.toBytes(row);
    edit.add(new KeyValue(r, Bytes.toBytes("d"), Bytes.toBytes("q"), 1L, r));
    writer.append(new WAL.Entry(new WALKeyImpl(Bytes.toBytes("region"), TABLE, System.currentTimeMillis()), edit));
    writer.sync(false);
    return writer.getSyncedLength();
  }

  /** Closed with its trailer, as a roll closes a WAL. */
  void close() throws IOException {
    writer.close();
  }

  /** Closed without a trailer, as a crashed server's WAL after lease recovery. */
  void closeWithoutTrailer() throws IOException {
    ((ProtobufLogWriter) writer).getStream().close();
  }

  static String rowOf(WAL.Entry entry) {
    return Bytes.toString(entry.getEdit().getCells().get(0).getRowArray(),
        entry.getEdit().getCells().get(0).getRowOffset(), entry.getEdit().getCells().get(0).getRowLength());
  }
}
