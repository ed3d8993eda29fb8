package io.hbasetunnel.worker.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;

/**
 * How a family's staged files (oldest first) are grouped into load rounds: files may share a
 * round only when no two of them have a timestamp in common, and any two files that do keep
 * their order (the older one in an earlier round).
 */
class LoadRoundsTest {

  @Test
  void filesFlushedOneAfterAnotherShareOneRound() {
    List<StagedStoreFile> files = List.of(file("a", 100, 199), file("b", 200, 299), file("c", 300, 399));
    assertThat(names(StagedStoreFile.rounds(files, false))).containsExactly(List.of("a", "b", "c"));
  }

  @Test
  void aFileSharingATimestampWithTheRoundStartsTheNextOneAndOrderHolds() {
    // b touches a at 200 (a same-timestamp overwrite is possible); d overlaps a only, an earlier
    // round, so it may join the current one and still loads after a
    List<StagedStoreFile> files = List.of(file("a", 100, 200), file("b", 200, 299), file("c", 300, 399),
        file("d", 150, 160));
    List<List<String>> rounds = names(StagedStoreFile.rounds(files, false));
    assertThat(rounds).containsExactly(List.of("a"), List.of("b", "c", "d"));
  }

  @Test
  void aDeleteColumnOrFamilyMarkerOrAFileWithoutTimeRangeReachesBackToZero() {
    // the marker file's TIMERANGE starts at 0 (HBase counts such markers as reaching back to 0)
    List<StagedStoreFile> withMarker = List.of(file("a", 100, 199), file("marker", 0, 250), file("c", 300, 399));
    assertThat(names(StagedStoreFile.rounds(withMarker, false)))
        .containsExactly(List.of("a"), List.of("marker", "c"));
    List<StagedStoreFile> unknown = List.of(file("a", 100, 199), file("old", 0, Long.MAX_VALUE), file("c", 300, 399));
    assertThat(names(StagedStoreFile.rounds(unknown, false))).containsExactly(List.of("a"), List.of("old"), List.of("c"));
  }

  @Test
  void newVersionBehaviorFamiliesLoadEveryFileInARoundOfItsOwn() {
    List<StagedStoreFile> files = List.of(file("a", 100, 199), file("b", 200, 299));
    assertThat(names(StagedStoreFile.rounds(files, true))).containsExactly(List.of("a"), List.of("b"));
  }

  private static StagedStoreFile file(String name, long minTime, long maxTime) {
    return new StagedStoreFile(new Path("/staging/u/f/" + name), 1, 10, Long.MAX_VALUE, Bytes.toBytes("a"),
        Bytes.toBytes("z"), minTime, maxTime);
  }

  private static List<List<String>> names(List<List<StagedStoreFile>> rounds) {
    return rounds.stream().map(r -> r.stream().map(f -> f.path().getName()).toList()).toList();
  }
}
