package io.hbasetunnel.worker.wal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbasetunnel.worker.cli.ClusterOptions;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.hbase.Connections;
import io.hbasetunnel.worker.progress.StatusServer;
import io.hbasetunnel.worker.schema.CompactionDeferral;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.hbasetunnel.worker.security.CellSecurityCheck;
import io.hbasetunnel.worker.security.CellSecurityOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker wal-sync}: keep applying the source's WAL edits of some tables to the destination. */
@Command(name = "wal-sync", mixinStandardHelpOptions = true,
    description = {
        "Tail the source's WALs (live, -splitting and archived) from its filesystem and apply every edit of the",
        "given tables to the destination with its original timestamp and type. Checkpoints per region-server",
        "stream in hbase_tunnel:wal_checkpoints on the destination after each acknowledged batch; a restart",
        "resumes there. Several workers with the same --sync-id share the streams through leases in that row.",
        "Pins the source's WALs with a disabled replication peer, moved forward as the streams are read,",
        "until `worker release-pin`.",
        "",
        "Example:",
        "  worker wal-sync --source-conf /etc/src --destination-conf /etc/dst --sync-id wal-08a0 \\",
        "      --tables t1,ns:t2=ns:t2_copy --start-time 1700000000000 --status-port 8080",
        "",
        "With --arm-only: pin the WALs and record the start time, apply nothing, exit 0. A full migration arms",
        "its sync before taking the snapshot and runs wal-sync after the bulk load: it applies from the armed time.",
        "",
        "Exit codes: 0 armed (--arm-only), 143 stopped by SIGTERM (after the last checkpoint), 1 retryable, 2 bad",
        "input, 4 a needed WAL is gone, or some region server's WALs from --start-time on are gone already (re-copy).",
        "The status's \"problem\" says when the sync sees no WAL stream, or none advancing while the tables get writes."})
public final class WalSyncCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(WalSyncCommand.class);

  @Mixin
  ClusterOptions clusters;

  @Mixin
  CellSecurityOptions cellSecurity = new CellSecurityOptions();

  @Option(names = "--sync-id", required = true, description = "Sync id (e.g. wal-<hex>): names the checkpoint row and the WAL pin.")
  String syncId;

  @Option(names = "--tables", required = true, description = "Tables, t1,ns:t2[=target]; changing them needs a restart.")
  String tables;

  @Option(names = "--families", split = ",", description = "Sync only these column families (default: all).")
  java.util.Set<String> families = java.util.Set.of();

  @Option(names = "--start-time", description = "Apply edits written at or after this time (ms); default now. Only the"
      + " first start (or --arm-only) records it; later starts keep the recorded time and resume from the checkpoint.")
  Long startTime;

  @Option(names = "--arm-only", description = "Pin the source's WALs and record the start time in the sync's"
      + " checkpoint row, then exit without applying anything: a later wal-sync of this --sync-id applies from that"
      + " time, with the same pin.")
  boolean armOnly;

  @Option(names = "--retain-deletes-until", paramLabel = "MS", description = "Once every source stream is applied up"
      + " to this time (ms), give the destination families that `schema/copy --retain-deletes` made keep delete markers"
      + " the source's hbase.hstore.time.to.purge.deletes back; recorded in the checkpoint row, so done once.")
  Long retainDeletesUntil;

  @Option(names = "--worker-id", description = "This worker's name among the sync's workers (default: host name and"
      + " process id). Workers of one sync share its region-server streams through leases.")
  String workerId;

  @Option(names = "--lease-ms", defaultValue = "15000", description = "How long a worker's hold on a stream lasts"
      + " without renewal: a dead worker's streams move to the others after this (default ${DEFAULT-VALUE}).")
  long leaseMillis;

  @Option(names = "--pin-rotate-ms", defaultValue = "600000", description = "How often the WAL pin moves forward so"
      + " the source may delete the WALs every stream has read (default ${DEFAULT-VALUE}).")
  long pinRotateMillis;

  @Option(names = "--poll-ms", defaultValue = "100", description = "Pause between polls when caught up (default ${DEFAULT-VALUE}).")
  long pollMillis;

  @Option(names = "--batch-mb", defaultValue = "16", description = "The most WAL edits (MB, their heap size) one"
      + " stream's batch holds, read and applied at once (also at most 5000 entries). Batches shrink when the"
      + " destination answers slowly or times out and grow back when it answers fast (default ${DEFAULT-VALUE}).")
  int batchMegabytes;

  @Option(names = "--stall-seconds", defaultValue = "60", description = "Report a problem in the status (the sync"
      + " keeps running) when no WAL of the source is found although it has live region servers, or when no stream"
      + " this worker reads advances while the synced tables get writes, for this long (default ${DEFAULT-VALUE}).")
  long stallSeconds;

  @Option(names = "--status-port", description = "Serve GET /status on this port.")
  Integer statusPort;

  @Option(names = "--status-file", description = "Write the status JSON here after each poll.")
  Path statusFile;

  @Override
  public Integer call() throws Exception {
    if (leaseMillis < 1000 || pinRotateMillis < 1000) {
      throw WorkerException.badInput("--lease-ms and --pin-rotate-ms must be at least 1000");
    }
    if (batchMegabytes < 1 || batchMegabytes > 1024) {
      throw WorkerException.badInput("--batch-mb must be between 1 and 1024 (MB of edits per batch), got "
          + batchMegabytes);
    }
    if (stallSeconds < 1) {
      throw WorkerException.badInput("--stall-seconds must be at least 1");
    }
    if (armOnly && retainDeletesUntil != null) {
      throw WorkerException.badInput("--retain-deletes-until applies edits' progress, which --arm-only never makes;"
          + " give it to the wal-sync that applies");
    }
    String worker = workerId != null ? workerId : java.net.InetAddress.getLocalHost().getHostName() + "-"
        + ProcessHandle.current().pid();
    TableMapping mapping = TableMapping.parse(tables).withFamilies(families);
    Configuration sourceConf = clusters.source();
    // the poll in flight at SIGTERM still reads the source's filesystem: Hadoop must not close it first
    sourceConf.setBoolean("fs.automatic.close", false);
    Configuration destinationConf = clusters.destination();
    // a batch is applied only while the stream's lease lasts longer than one destination call may take
    long applyDeadline = Math.min(leaseMillis / 2, destinationConf.getLong(HConstants.HBASE_CLIENT_OPERATION_TIMEOUT,
        HConstants.DEFAULT_HBASE_CLIENT_OPERATION_TIMEOUT));
    destinationConf.setLong(HConstants.HBASE_CLIENT_OPERATION_TIMEOUT, applyDeadline);
    SyncCounters counters = new SyncCounters();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    final boolean[] stopping = {false};
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // SIGTERM: finish the poll in flight (its checkpoint included), then exit
      stopping[0] = true;
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try (Connection source = Connections.open("source", sourceConf);
        Connection destination = Connections.open("destination", destinationConf);
        StatusServer server = statusPort == null ? null : new StatusServer(statusPort, counters::toMap);
        Admin sourceAdmin = source.getAdmin();
        Admin destinationAdmin = destination.getAdmin();
        WalCheckpointStore checkpoints = new WalCheckpointStore(destination, syncId)) {
      // before the pin: a sync that may not apply should not hold the source's WALs either
      CellSecurityCheck.require(source, destination, cellSecurity);
      PinRotation pin = new PinRotation(sourceAdmin, destinationConf, checkpoints, syncId, pinRotateMillis);
      pin.ensurePinned();
      long effectiveStart = startTime(checkpoints, WalLocator.of(sourceConf));
      if (armOnly) {
        String armed = "armed: WALs pinned by " + WalPin.peerId(syncId) + ", edits from " + effectiveStart
            + " on will be applied by wal-sync --sync-id " + syncId;
        System.out.println(armed);
        counters.state("ARMED", armed);
        writeStatus(counters);
        return ExitCodes.OK;
      }
      // a table whose bulkload never finished still has compactions off; puts need them
      CompactionDeferral.restoreAll(destinationAdmin, mapping.targets().values());
      StreamLeases leases = checkpoints.leases(worker, leaseMillis);
      WalSync sync = new WalSync(sourceConf, destination, checkpoints, leases, counters, mapping, effectiveStart,
          applyDeadline, (long) batchMegabytes << 20);
      DeleteRetentionRelease retention = retainDeletesUntil == null ? null
          : new DeleteRetentionRelease(sourceAdmin, destinationAdmin, checkpoints, mapping, retainDeletesUntil);
      WalStreamWatch watch = new WalStreamWatch(sourceAdmin, mapping.targets().keySet(), sync.locator(),
          java.time.Duration.ofSeconds(stallSeconds), counters);
      LOG.info("wal-sync {} of {} from {} as worker {}", syncId, mapping.targets().keySet(), effectiveStart, worker);
      while (!stopping[0] && !main.isInterrupted()) {
        int read = sync.poll();
        watch.afterPoll(read, sync.streamsSeen(), sync.streamsHeld());
        pin.maybeRotate(sync.locator());
        if (retention != null) {
          retention.maybeRestore(sync.locator());
        }
        writeStatus(counters);
        if (read == 0) {
          Thread.sleep(pollMillis);
        }
      }
      leases.releaseAll();
      counters.state("STOPPED", "stopped on request; checkpoint flushed, streams handed back");
      writeStatus(counters);
      return ExitCodes.OK;
    } catch (WorkerException e) {
      counters.state("FAILED", e.getMessage());
      writeStatus(counters);
      throw e;
    } finally {
      stopped.countDown();
    }
  }

  /**
   * The start time recorded for the sync, or else the one asked for (default now), recorded only
   * once it is known that the WALs from then on still exist (exit 4 otherwise, nothing recorded).
   */
  private long startTime(WalCheckpointStore checkpoints, WalLocator locator) throws IOException {
    WalCheckpointStore.SyncRow row = checkpoints.read();
    if (row.startTime() != null) {
      if (startTime != null && !startTime.equals(row.startTime())) {
        LOG.warn("--start-time {} ignored: sync {} was started (or armed) from {}", startTime, syncId,
            row.startTime());
      }
      StartGap.check(locator, row.startTime(), row);
      return row.startTime();
    }
    long wanted = startTime != null ? startTime : System.currentTimeMillis();
    StartGap.check(locator, wanted, row);
    return checkpoints.saveStartTime(wanted);
  }

  private void writeStatus(SyncCounters counters) {
    if (statusFile == null) {
      return;
    }
    try {
      Path tmp = statusFile.resolveSibling(statusFile.getFileName() + ".tmp");
      Files.write(tmp, new ObjectMapper().writeValueAsBytes(counters.toMap()));
      Files.move(tmp, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (Exception e) {
      LOG.warn("cannot write status file {}: {}", statusFile, e.getMessage());
    }
  }
}
