package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's crds/ is a byte-for-byte copy of the generated crds/ (api's CrdDriftTest keeps
 * those current). Fix: mvn -pl api process-classes -Pupdate-crds, which refreshes both.
 */
class CrdDriftTest {
  @Test
  void chartCrdsAreTheGeneratedOnes() throws IOException {
    Path generated = ProjectFiles.ROOT.resolve("crds");
    Path chart = ProjectFiles.CHART.resolve("crds");
    assertThat(names(chart)).isEqualTo(names(generated)).isNotEmpty();
    for (String name : names(generated)) {
      assertThat(Files.readString(chart.resolve(name))).as(name).isEqualTo(Files.readString(generated.resolve(name)));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
