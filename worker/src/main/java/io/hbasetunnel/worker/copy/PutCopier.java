package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.hbase.CellFilter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Writes one unit's snapshot cells through the destination's normal write path. The unit's
 * thread decodes the snapshot into {@link MutationBatch}es of about {@link #BATCH_BYTES}, and
 * {@code writers} threads send them ({@code Table.batch}, which groups a batch per region server),
 * so decoding batch n+1 overlaps sending batch n. At most {@link #QUEUED} batches wait, so a unit
 * holds about (QUEUED + writers + 1) x BATCH_BYTES of mutations whatever its size.
 *
 * <p>Puts and delete markers keep their timestamps and types, so a rerun of a unit writes the
 * same cells again and changes nothing. Every mutation is SYNC_WAL whatever the table's
 * DURABILITY says (it was copied from the source and may be SKIP_WAL or ASYNC_WAL): the unit is
 * marked done after the last batch returned, so the data must be durable by then.
 */
final class PutCopier implements UnitCopier, AutoCloseable {
  static final long BATCH_BYTES = 4L << 20;
  static final int QUEUED = 2;

  private final RestoredSnapshot restored;
  private final Connection destination;
  private final DestinationTable target;
  private final CellFilter filter;
  private final Throttle throttle;
  private final int writers;
  private final ExecutorService writerPool;

  PutCopier(RestoredSnapshot restored, Connection destination, DestinationTable target, CellFilter filter,
      Throttle throttle, int writers) {
    this.restored = restored;
    this.destination = destination;
    this.target = target;
    this.filter = filter;
    this.throttle = throttle;
    this.writers = Math.max(1, writers);
    this.writerPool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "put-writer");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public UnitResult copy(WorkUnit unit) throws IOException {
    target.await();
    BlockingQueue<MutationBatch> queue = new ArrayBlockingQueue<>(QUEUED);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    List<Future<?>> sending = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      sending.add(writerPool.submit(() -> send(queue, failed)));
    }
    UnitResult result;
    try (RegionCellReader reader = new RegionCellReader(restored.snapshot(), restored.dir(), unit, filter)) {
      Decoder decoder = new Decoder(queue, failed);
      result = reader.readAll(decoder::add, throttle);
      decoder.flush();
    } finally {
      for (int i = 0; i < writers; i++) {
        hand(queue, MutationBatch.END, failed, true);
      }
      for (Future<?> future : sending) {
        awaitWriter(future);
      }
    }
    Throwable failure = failed.get();
    if (failure != null) {
      throw failure instanceof IOException io ? io : new IOException(failure);
    }
    return result;
  }

  /** Turns rows into batches, cut between rows once a batch holds BATCH_BYTES. */
  private final class Decoder {
    private final BlockingQueue<MutationBatch> queue;
    private final AtomicReference<Throwable> failed;
    private MutationBatch batch = new MutationBatch();
    private byte[] lastRow;

    Decoder(BlockingQueue<MutationBatch> queue, AtomicReference<Throwable> failed) {
      this.queue = queue;
      this.failed = failed;
    }

    void add(Result row) throws IOException {
      if (batch.bytes() >= BATCH_BYTES && (lastRow == null || !Bytes.equals(lastRow, row.getRow()))) {
        flush();
      }
      lastRow = row.getRow();
      Put put = null;
      Delete delete = null;
      for (Cell cell : row.rawCells()) {
        if (CellUtil.isDelete(cell)) {
          delete = delete == null ? new Delete(row.getRow()) : delete;
          delete.add(cell);
        } else {
          put = put == null ? new Put(row.getRow()) : put;
          put.add(cell);
        }
      }
      if (put != null) {
        batch.add(put.setDurability(Durability.SYNC_WAL));
      }
      if (delete != null) {
        batch.add(delete.setDurability(Durability.SYNC_WAL));
      }
    }

    void flush() throws IOException {
      if (!batch.isEmpty()) {
        hand(queue, batch, failed, false);
        batch = new MutationBatch();
      }
    }
  }

  /** Puts a batch in the queue, giving up (with the writers' error) once a writer failed. */
  private static void hand(BlockingQueue<MutationBatch> queue, MutationBatch batch, AtomicReference<Throwable> failed,
      boolean end) throws IOException {
    try {
      while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
        Throwable failure = failed.get();
        if (failure != null && end) {
          return; // the writers stop by themselves once one failed
        }
        if (failure != null) {
          throw failure instanceof IOException io ? io : new IOException(failure);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handing a batch to the writers");
    }
  }

  /** Sends batches until the end marker; once any writer failed, every writer stops. */
  private Void send(BlockingQueue<MutationBatch> queue, AtomicReference<Throwable> failed) throws Exception {
    try (Table table = destination.getTable(target.name())) {
      while (true) {
        MutationBatch batch = queue.poll(100, TimeUnit.MILLISECONDS);
        if (batch == MutationBatch.END || failed.get() != null) {
          return null;
        }
        if (batch != null) {
          table.batch(batch.mutations(), new Object[batch.mutations().size()]);
        }
      }
    } catch (Throwable e) {
      failed.compareAndSet(null, e);
      throw e;
    }
  }

  private static void awaitWriter(Future<?> future) throws IOException {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw WorkerException.retryable("interrupted", e);
    } catch (ExecutionException e) {
      // the failure is in `failed` and rethrown by copy
    }
  }

  @Override
  public void close() {
    writerPool.shutdownNow();
  }
}
