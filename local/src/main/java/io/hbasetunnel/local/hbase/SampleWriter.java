package io.hbasetunnel.local.hbase;

import io.hbasetunnel.testing.TestCluster;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Keeps the sample tables changing at a steady rate (puts and a few deletes), so that an incremental
 * sync has something to carry. Rows {@code live-<n>}, apart from the loaded {@code row-...} keys.
 */
public final class SampleWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SampleWriter.class);
  private static final List<String[]> TARGETS = List.of(new String[] {"t1", "d"}, new String[] {"t2", "cf"}, new String[] {"t3", "a"});

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sample-writer");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong written = new AtomicLong();
  private final TestCluster source;

  private SampleWriter(TestCluster source) {
    this.source = source;
  }

  /** @param perSecond mutations per second, spread over the three tables */
  public static SampleWriter start(TestCluster source, int perSecond) {
    SampleWriter writer = new SampleWriter(source);
    writer.timer.scheduleAtFixedRate(writer::writeOne, 0, Math.max(1, 1_000_000 / perSecond), TimeUnit.MICROSECONDS);
    return writer;
  }

  private void writeOne() {
    long n = written.getAndIncrement();
    String[] target = TARGETS.get((int) (n % TARGETS.size()));
    byte[] family = Bytes.toBytes(target[1]);
    try (Table table = source.table(target[0])) {
      byte[] row = Bytes.toBytes(String.format("live-%010d", n / TARGETS.size()));
      if (n % 10 == 9) {
        // now and then remove an earlier live row
        table.delete(new Delete(Bytes.toBytes(String.format("live-%010d", n / TARGETS.size() / 2))));
      } else {
        table.put(new Put(row).addColumn(family, Bytes.toBytes("q0"), Bytes.toBytes("v" + n)));
      }
    } catch (IOException e) {
      LOG.warn("sample writer: " + e.getMessage());
    }
  }

  public long written() {
    return written.get();
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }
}
