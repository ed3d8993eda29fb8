package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares one sync's region-server streams among however many workers run it, with leases kept in
 * the sync's checkpoint row (no coordinator, no Kubernetes client). Each worker heartbeats, keeps
 * at most a fair share (streams / live workers, rounded up), gives back the surplus so a newcomer
 * gets some, and takes streams nobody holds or whose holder stopped renewing. Every change of hands
 * is a compare-and-set, and a checkpoint is written only while its lease is held (see
 * {@link #guard}), so a stream is read by one worker at a time and resumes at its last checkpoint.
 */
final class StreamLeases {
  private static final Logger LOG = LoggerFactory.getLogger(StreamLeases.class);
  static final byte[] FAMILY = Bytes.toBytes("o");
  private static final String WORKER = "w:";
  private static final String STREAM = "s:";

  private final Table table;
  private final byte[] row;
  private final String workerId;
  private final long leaseMillis;
  /** stream -> the lease value this worker last wrote for it */
  private final Map<String, byte[]> held = new HashMap<>();
  private long heldUntil;
  private long nextRound;

  StreamLeases(Table table, byte[] row, String workerId, long leaseMillis) {
    this.table = table;
    this.row = row;
    this.workerId = workerId;
    this.leaseMillis = leaseMillis;
  }

  /**
   * The streams this worker may read now. Leases are renewed every third of their length; in
   * between the held set is reused. Streams taken in this call are added to {@code taken}: their
   * position must be reloaded, another worker may have moved them on. So are held leases renewed
   * after they had run out: meanwhile another worker may have taken, moved on and handed back the
   * stream, and this worker's poll may have dropped its position.
   */
  Set<String> assign(Collection<String> streams, Set<String> taken) throws IOException {
    long now = System.currentTimeMillis();
    if (now < nextRound) {
      return now < heldUntil ? Set.copyOf(held.keySet()) : Set.of();
    }
    NavigableMap<byte[], byte[]> columns = table.get(new Get(row).addFamily(FAMILY)).getFamilyMap(FAMILY);
    Map<String, byte[]> leases = new TreeMap<>();
    Set<String> live = new TreeSet<>(List.of(workerId));
    if (columns != null) {
      columns.forEach((q, v) -> {
        String name = Bytes.toString(q);
        if (name.startsWith(STREAM)) {
          leases.put(name.substring(STREAM.length()), v);
        } else if (name.startsWith(WORKER) && Bytes.toLong(v) > now) {
          live.add(name.substring(WORKER.length()));
        }
      });
    }
    long expiry = now + leaseMillis;
    heartbeat(expiry);
    int fair = (streams.size() + live.size() - 1) / live.size();
    boolean ranOut = now >= heldUntil;

    for (String stream : new TreeSet<>(held.keySet()).descendingSet()) {
      if (!streams.contains(stream) || held.size() > fair) {
        if (release(stream)) {
          LOG.info("handed WAL stream {} back ({} workers share {} streams)", stream, live.size(), streams.size());
        }
      } else if (renew(stream, expiry) && ranOut) {
        taken.add(stream);
      }
    }
    for (String stream : new TreeSet<>(streams)) {
      if (held.size() >= fair) {
        break;
      }
      byte[] current = leases.get(stream);
      // a lease under this worker's own name is from its previous life (a restarted container)
      boolean free = current == null || expiryOf(current) <= now || ownerOf(current).equals(workerId);
      if (!held.containsKey(stream) && free && write(stream, current, expiry)) {
        taken.add(stream);
        LOG.info("took WAL stream {}{}", stream, current == null ? "" : " from " + ownerOf(current));
      }
    }
    endRound(now, expiry);
    return Set.copyOf(held.keySet());
  }

  /**
   * Whether the stream may be read now, renewing the held leases first when a renewal is due: a
   * long poll (a large backlog) must not let them run out under the worker.
   */
  boolean holds(String stream) throws IOException {
    long now = System.currentTimeMillis();
    if (now >= nextRound && now < heldUntil) {
      long expiry = now + leaseMillis;
      heartbeat(expiry);
      for (String held : new TreeSet<>(this.held.keySet())) {
        renew(held, expiry);
      }
      endRound(now, expiry);
    }
    return held.containsKey(stream) && now < heldUntil;
  }

  /**
   * Whether this worker may apply a batch of the stream now: its lease is the one stored in the
   * sync's row and lasts at least {@code millis} more (the longest an apply may take). A lease
   * nearer its end is renewed first; one that has run out is not (another worker may be applying
   * the stream already): the batch is abandoned, and the stream resumes from its checkpoint.
   */
  boolean holdsFor(String stream, long millis) throws IOException {
    byte[] mine = held.get(stream);
    long now = System.currentTimeMillis();
    if (mine == null || expiryOf(mine) <= now) {
      return false;
    }
    if (expiryOf(mine) - now <= millis) {
      return write(stream, mine, now + leaseMillis) && expiryOf(held.get(stream)) - System.currentTimeMillis() > millis;
    }
    byte[] stored = table.get(new Get(row).addColumn(FAMILY, column(stream))).getValue(FAMILY, column(stream));
    return Arrays.equals(stored, mine) && expiryOf(mine) - System.currentTimeMillis() > millis;
  }

  /** A batch of the stream was abandoned: its lease is not counted on; taken again, it resumes from its checkpoint. */
  void abandon(String stream) {
    held.remove(stream);
    LOG.warn("WAL stream {}: lease lost or about to run out before applying a batch; batch abandoned, the stream"
        + " resumes from its checkpoint", stream);
  }

  /** A checkpoint write made conditional on still holding the stream's lease. */
  CheckAndMutate guard(String stream, Put checkpoint) {
    return CheckAndMutate.newBuilder(row).ifEquals(FAMILY, column(stream), held.get(stream)).build(checkpoint);
  }

  /** The guarded write failed: someone else holds the stream now. */
  void lost(String stream) {
    held.remove(stream);
    LOG.warn("lost the lease on WAL stream {} before its checkpoint; its new holder resumes from there", stream);
  }

  /** Graceful stop: hand every stream back at once rather than after the lease runs out. */
  void releaseAll() throws IOException {
    for (String stream : new ArrayList<>(held.keySet())) {
      release(stream);
    }
    table.delete(new Delete(row).addColumns(FAMILY, Bytes.toBytes(WORKER + workerId)));
  }

  /**
   * stream -> the worker whose lease on it is stored in the sync's row (run out or not): what an
   * operator or a test sees of who reads what.
   */
  static Map<String, String> holders(Table table, byte[] row) throws IOException {
    Map<String, String> holders = new TreeMap<>();
    NavigableMap<byte[], byte[]> columns = table.get(new Get(row).addFamily(FAMILY)).getFamilyMap(FAMILY);
    if (columns != null) {
      columns.forEach((q, v) -> {
        String name = Bytes.toString(q);
        if (name.startsWith(STREAM)) {
          holders.put(name.substring(STREAM.length()), ownerOf(v));
        }
      });
    }
    return holders;
  }

  private boolean renew(String stream, long expiry) throws IOException {
    if (!write(stream, held.get(stream), expiry)) {
      LOG.warn("lost the lease on WAL stream {} to another worker", stream);
      return false;
    }
    return true;
  }

  /** The held set stays good until the leases run out; the next renewal is due after a third of them. */
  private void endRound(long now, long expiry) {
    heldUntil = expiry;
    nextRound = now + leaseMillis / 3;
  }

  private void heartbeat(long expiry) throws IOException {
    table.put(new Put(row).addColumn(FAMILY, Bytes.toBytes(WORKER + workerId), Bytes.toBytes(expiry)));
  }

  /** Takes or renews a lease if it still holds {@code expected} (null: no lease); false, and dropped, if not. */
  private boolean write(String stream, byte[] expected, long expiry) throws IOException {
    byte[] value = value(expiry);
    CheckAndMutate.Builder when = WalCheckpointStore.ifStill(row, FAMILY, column(stream), expected);
    if (table.checkAndMutate(when.build(new Put(row).addColumn(FAMILY, column(stream), value))).isSuccess()) {
      held.put(stream, value);
      return true;
    }
    held.remove(stream);
    return false;
  }

  /** Gives a held lease back (if nobody took it meanwhile). */
  private boolean release(String stream) throws IOException {
    byte[] mine = held.remove(stream);
    return table.checkAndMutate(CheckAndMutate.newBuilder(row).ifEquals(FAMILY, column(stream), mine)
        .build(new Delete(row).addColumns(FAMILY, column(stream)))).isSuccess();
  }

  private static byte[] column(String stream) {
    return Bytes.toBytes(STREAM + stream);
  }

  private byte[] value(long expiry) {
    return Bytes.toBytes(workerId + "@" + expiry);
  }

  private static long expiryOf(byte[] value) {
    String text = Bytes.toString(value);
    return Long.parseLong(text.substring(text.lastIndexOf('@') + 1));
  }

  private static String ownerOf(byte[] value) {
    String text = Bytes.toString(value);
    return text.substring(0, text.lastIndexOf('@'));
  }
}
