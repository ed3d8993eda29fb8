package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sync must not start silently after a gap, in any stream. Each region server's stream (live,
 * being split, archived) that the sync has not read yet starts at its oldest surviving WAL; if
 * that WAL was started after the start time, the one holding the server's edits from the start
 * time on is gone. That is no gap when the server itself started after the start time (its
 * start code, in the WAL names, says when), nor when this sync's pin existed before that WAL (a
 * pin keeps every server's current WAL and all later ones, so the older ones were read and
 * released by its rotation). A stream the sync has checkpointed answers for itself: a WAL it
 * still needs that is gone is reported for that stream.
 */
final class StartGap {
  private StartGap() {}

  /** A stream whose edits from the start time to its oldest WAL's start are gone. */
  record Gap(String server, WalFile oldest) {}

  /** @throws WalMissingException when edits of some stream from the start time on are gone */
  static void check(WalLocator locator, long startTime, WalCheckpointStore.SyncRow sync) throws IOException {
    // pinnedAt is null for syncs pinned before it was recorded: they have read their streams already
    Long pinnedAt = sync.pinnedAt();
    if (pinnedAt == null) {
      return;
    }
    List<Gap> gaps = new ArrayList<>();
    for (Map.Entry<String, List<WalFile>> stream : locator.streams().entrySet()) {
      if (sync.positions().containsKey(stream.getKey()) || sync.drained().contains(stream.getKey())) {
        continue;
      }
      WalFile oldest = stream.getValue().get(0);
      long serverStart = serverStart(stream.getKey());
      if (oldest.created() <= startTime || pinnedAt < oldest.created() || serverStart > startTime) {
        continue;
      }
      gaps.add(new Gap(server(stream.getKey()), oldest));
    }
    if (!gaps.isEmpty()) {
      throw WalMissingException.startGaps(startTime, gaps);
    }
  }

  /** The region server a stream (a WAL prefix: the URL-encoded server name) belongs to. */
  static String server(String stream) {
    return URLDecoder.decode(stream, StandardCharsets.UTF_8);
  }

  /** The server's start code (its start time, ms) from the stream's name {@code host,port,startcode}, or -1. */
  static long serverStart(String stream) {
    String[] parts = server(stream).split(",");
    if (parts.length < 3) {
      return -1;
    }
    String code = parts[2];
    int end = 0;
    while (end < code.length() && Character.isDigit(code.charAt(end))) {
      end++;
    }
    try {
      return Long.parseLong(code.substring(0, end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
