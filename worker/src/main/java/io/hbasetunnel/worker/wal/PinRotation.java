package io.hbasetunnel.worker.wal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.client.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the WAL pin forward so the source can delete what every stream has read: add the next
 * generation's disabled peer (it pins each live server's current WAL and everything later), note
 * each stream's newest WAL at that moment, and once every stream's checkpoint has reached its
 * noted WAL (dead servers' streams: read to their end) remove the previous generation. Each step
 * is a compare-and-set on the sync's checkpoint row, so any of the sync's workers may do it.
 * Also the loud check that no stream with unread WALs has vanished altogether.
 */
final class PinRotation {
  private static final Logger LOG = LoggerFactory.getLogger(PinRotation.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** In {@link State#starts}: the stream's server was dead when noted; it must be read to its end. */
  static final String DEAD = "*";

  /**
   * @param generation the peer generation pinning now
   * @param since when it took over
   * @param starts while the next generation waits to take over: stream -> its newest WAL when noted
   */
  record State(long generation, long since, Map<String, String> starts) {}

  private final Admin source;
  private final Configuration destinationConf;
  private final WalCheckpointStore checkpoints;
  private final String syncId;
  private final long intervalMillis;
  private long nextCheck;

  PinRotation(Admin source, Configuration destinationConf, WalCheckpointStore checkpoints, String syncId,
      long intervalMillis) {
    this.source = source;
    this.destinationConf = destinationConf;
    this.checkpoints = checkpoints;
    this.syncId = syncId;
    this.intervalMillis = intervalMillis;
  }

  /** Pins the WALs before the first read: generation 0, or whatever generations a restart finds. */
  void ensurePinned() throws IOException {
    WalCheckpointStore.SyncRow row = checkpoints.read();
    String text = row.pin();
    State state = read(text);
    if (text == null) {
      checkpoints.swapPin(null, write(state));
    }
    WalPin.ensure(source, syncId, state.generation(), destinationConf);
    if (row.pinnedAt() == null && row.positions().isEmpty()) {
      // the pin exists from now on at the latest; no stream read yet, so none of its WALs was released
      checkpoints.savePinnedAt(System.currentTimeMillis());
    }
    WalPin.removeOlderThan(source, syncId, state.generation());
    if (state.starts() != null) {
      WalPin.ensure(source, syncId, state.generation() + 1, destinationConf);
    }
  }

  /** Called after polls; does something at most every few seconds. */
  void maybeRotate(WalLocator locator) throws IOException, InterruptedException {
    long now = System.currentTimeMillis();
    if (now < nextCheck) {
      return;
    }
    nextCheck = now + Math.min(5000, intervalMillis);
    WalCheckpointStore.SyncRow row = checkpoints.read();
    String text = row.pin();
    State state = read(text);
    Map<String, WalPosition> positions = row.positions();
    Set<String> drained = row.drained();
    Map<String, List<WalFile>> streams = locator.streams();
    for (Map.Entry<String, WalPosition> lost : vanished(positions, drained, streams)) {
      // drained and cleaned away since the reads above, or only between two places: look again
      boolean drainedSince = checkpoints.read().drained().contains(lost.getKey());
      if (!drainedSince && locator.goneForGood(lost.getKey(), lost.getValue().file())) {
        throw new WalMissingException(lost.getKey(), lost.getValue());
      }
    }
    if (state.starts() == null) {
      if (now - state.since() >= intervalMillis) {
        begin(text, state, locator);
      }
    } else if (passed(state.starts(), positions, drained, streams)) {
      finish(text, state, now);
    }
  }

  private void begin(String text, State state, WalLocator locator) throws IOException {
    long next = state.generation() + 1;
    WalPin.ensure(source, syncId, next, destinationConf);
    // listed after the peer exists, so each noted WAL is at or after what the new peer pins
    Map<String, String> starts = new HashMap<>();
    locator.streams().forEach((stream, files) -> {
      WalFile newest = files.get(files.size() - 1);
      starts.put(stream, locator.isLive(newest) ? newest.name() : DEAD);
    });
    checkpoints.swapPin(text, write(new State(state.generation(), state.since(), starts)));
  }

  private void finish(String text, State state, long now) throws IOException {
    long next = state.generation() + 1;
    if (checkpoints.swapPin(text, write(new State(next, now, null)))) {
      WalPin.removeOlderThan(source, syncId, next);
      LOG.info("WAL pin moved to {}: removed {}, the source may now delete the WALs every stream has read",
          WalPin.peerId(syncId, next), WalPin.peerId(syncId, state.generation()));
    }
  }

  private static boolean passed(Map<String, String> starts, Map<String, WalPosition> positions, Set<String> drained,
      Map<String, List<WalFile>> streams) {
    for (Map.Entry<String, String> start : starts.entrySet()) {
      String stream = start.getKey();
      if (!streams.containsKey(stream) && !positions.containsKey(stream)) {
        // gone before any worker needed it (cleaned away before the sync's start): nothing to wait for
        continue;
      }
      if (start.getValue().equals(DEAD)) {
        if (!drained.contains(stream)) {
          return false;
        }
        continue;
      }
      WalPosition at = positions.get(stream);
      if (at == null || WalFile.createdOf(at.file()) < WalFile.createdOf(start.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Streams the sync checkpointed whose every WAL is gone before they were read to their end: lost edits. */
  private static List<Map.Entry<String, WalPosition>> vanished(Map<String, WalPosition> positions, Set<String> drained,
      Map<String, List<WalFile>> streams) {
    return positions.entrySet().stream()
        .filter(p -> !streams.containsKey(p.getKey()) && !drained.contains(p.getKey())).toList();
  }

  private State read(String text) throws IOException {
    return text == null ? new State(0, System.currentTimeMillis(), null) : JSON.readValue(text, State.class);
  }

  private static String write(State state) throws IOException {
    return JSON.writeValueAsString(state);
  }
}
