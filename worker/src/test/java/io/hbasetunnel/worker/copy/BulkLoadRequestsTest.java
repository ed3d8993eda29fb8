package io.hbasetunnel.worker.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;

class BulkLoadRequestsTest {
  private static final byte[][] FOUR_REGIONS = {new byte[0], Bytes.toBytes("g"), Bytes.toBytes("n"), Bytes.toBytes("t")};

  @Test
  void aRoundThatFitsIsOneRequest() {
    var round = Map.of("f", List.of(file("a", "c"), file("h", "k"), file("o", "p"), file("u", "z")));
    assertThat(new BulkLoadRequests(FOUR_REGIONS, 1).split(round)).hasSize(1);
  }

  @Test
  void noRegionGetsMoreFilesOfAFamilyThanTheLimitInOneRequest() {
    List<StagedStoreFile> files = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      files.add(file("h" + i, "h" + i + "z")); // all in region [g, n)
    }
    var requests = new BulkLoadRequests(FOUR_REGIONS, 4).split(Map.of("f", files));
    assertThat(requests).hasSize(3);
    assertThat(requests).allSatisfy(r -> assertThat(r.get("f")).hasSizeLessThanOrEqualTo(4));
    assertThat(requests.stream().mapToInt(r -> r.get("f").size()).sum()).isEqualTo(10);
  }

  @Test
  void aFileSpanningRegionsCountsInEachAndFamiliesCountApart() {
    // "a".."z" touches all four regions; a second such file of f must wait, one of family g need not
    var round = new java.util.TreeMap<String, List<StagedStoreFile>>(Map.of(
        "f", List.of(file("a", "z"), file("b", "y")),
        "g", List.of(file("a", "z"))));
    var requests = new BulkLoadRequests(FOUR_REGIONS, 1).split(round);
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).get("f")).hasSize(1);
  }

  private static StagedStoreFile file(String first, String last) {
    return new StagedStoreFile(new Path("/staging/" + first), 1, 10, Long.MAX_VALUE, Bytes.toBytes(first),
        Bytes.toBytes(last), 0, Long.MAX_VALUE);
  }
}
