package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.hbase.ClusterMetrics;
import org.apache.hadoop.hbase.RegionMetrics;
import org.apache.hadoop.hbase.ServerMetrics;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.RegionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a sync that sees nothing while it runs, and says so in the status's {@code problem}
 * (the sync keeps running: the cause is usually outside it and may go away):
 * <ul>
 *   <li>{@code NoWalStream}: no WAL at all where the worker looks, for longer than the stall time,
 *       although the source has live region servers (typically {@code hbase.wal.dir} missing from
 *       the worker's source configuration);
 *   <li>{@code WalStreamsStalled}: no stream this worker holds has advanced for the stall time,
 *       while the synced tables' regions report new writes (write request counts in the master's
 *       cluster metrics).
 * </ul>
 * The problem is cleared as soon as a stream appears or advances.
 */
final class WalStreamWatch {
  private static final Logger LOG = LoggerFactory.getLogger(WalStreamWatch.class);
  static final String NO_WAL_STREAM = "NoWalStream";
  static final String STALLED = "WalStreamsStalled";
  /** region servers report their metrics to the master every 3 s by default: sample no more often */
  private static final long SAMPLE_EVERY_MS = 5000;

  private final Admin source;
  private final Set<TableName> tables;
  private final WalLocator locator;
  private final long stallMillis;
  private final SyncCounters counters;
  private long noStreamSince = -1;
  private long lastAdvance = System.currentTimeMillis();
  /** the synced tables' write count sampled after the last advance had reached the metrics, or null */
  private Long writesBaseline;
  private long nextSample;

  WalStreamWatch(Admin source, Set<TableName> tables, WalLocator locator, Duration stall, SyncCounters counters) {
    this.source = source;
    this.tables = Set.copyOf(tables);
    this.locator = locator;
    this.stallMillis = stall.toMillis();
    this.counters = counters;
  }

  /**
   * After each poll.
   *
   * @param read entries read by the poll
   * @param seen streams found on the source's WAL filesystem
   * @param held streams this worker holds the lease of (the others are another worker's to watch)
   */
  void afterPoll(int read, int seen, int held) {
    long now = System.currentTimeMillis();
    String current = counters.problem() == null ? null : counters.problem().get("reason");
    if (seen == 0) {
      lastAdvance = now;
      writesBaseline = null;
      if (noStreamSince < 0) {
        noStreamSince = now;
      }
      if (now - noStreamSince >= stallMillis && due(now)) {
        int live = liveServers();
        if (live > 0) {
          report(NO_WAL_STREAM, "no WAL of the source under " + locator.walsDir() + " or " + locator.oldWalsDir()
              + " although " + live + " region server" + (live == 1 ? " is" : "s are") + " live; is hbase.wal.dir"
              + " set in the HBaseCluster's hbaseSite (the source's hbase-site.xml the worker reads)?");
        } else if (live == 0) {
          clear();
        }
      }
      return;
    }
    noStreamSince = -1;
    if (read > 0 || held == 0) {
      lastAdvance = now;
      writesBaseline = null;
      clear();
      return;
    }
    if (NO_WAL_STREAM.equals(current)) {
      clear();
    }
    if (!due(now) || now - lastAdvance < SAMPLE_EVERY_MS) {
      return;
    }
    long writes = writes();
    if (writes < 0) {
      return;
    }
    if (writesBaseline == null || writes < writesBaseline) {
      // a region moved or reopened restarts its count: a new baseline
      writesBaseline = writes;
    } else if (writes > writesBaseline && now - lastAdvance >= stallMillis) {
      report(STALLED, "no WAL stream this worker reads (" + held + " of " + seen + " under " + locator.walsDir()
          + " and " + locator.oldWalsDir() + ") has advanced for " + (now - lastAdvance) / 1000 + " s although the"
          + " synced tables' regions report " + (writes - writesBaseline) + " new writes since; see the worker's log"
          + " for read errors, and check that the writers do not use SKIP_WAL (such writes never reach a WAL)");
    }
  }

  private boolean due(long now) {
    if (now < nextSample) {
      return false;
    }
    nextSample = now + SAMPLE_EVERY_MS;
    return true;
  }

  private void report(String reason, String message) {
    var current = counters.problem();
    if (current == null || !current.get("reason").equals(reason)) {
      LOG.warn("{}: {}", reason, message);
    }
    counters.problem(reason, message);
  }

  private void clear() {
    var current = counters.problem();
    if (current != null) {
      LOG.info("{} is over: the sync sees its WAL streams advance again", current.get("reason"));
      counters.problem(null, null);
    }
  }

  /** Live region servers, or -1 when the master does not answer. */
  private int liveServers() {
    try {
      return source.getRegionServers().size();
    } catch (IOException e) {
      LOG.debug("cannot list the source's region servers: {}", e.toString());
      return -1;
    }
  }

  /** Write requests of the synced tables' regions as the master knows them, or -1 when it does not answer. */
  long writes() {
    try {
      ClusterMetrics metrics = source.getClusterMetrics(EnumSet.of(ClusterMetrics.Option.LIVE_SERVERS));
      long sum = 0;
      for (ServerMetrics server : metrics.getLiveServerMetrics().values()) {
        for (RegionMetrics region : server.getRegionMetrics().values()) {
          if (tables.contains(RegionInfo.getTable(region.getRegionName()))) {
            sum += region.getWriteRequestCount();
          }
        }
      }
      return sum;
    } catch (IOException e) {
      LOG.debug("cannot read the source's cluster metrics: {}", e.toString());
      return -1;
    }
  }
}
