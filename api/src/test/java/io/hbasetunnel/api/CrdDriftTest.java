package io.hbasetunnel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs in crds/ are generated from the api classes; this fails the build when the committed
 * YAML and what the classes generate differ. Fix: {@code mvn -pl api process-classes -Pupdate-crds}.
 */
class CrdDriftTest {
  private static final Path GENERATED = Path.of(System.getProperty("crds.generated"));
  private static final Path COMMITTED = Path.of(System.getProperty("crds.committed"));

  @Test
  void committedCrdsMatchGeneratedOnes() throws IOException {
    List<String> generated = crdFiles(GENERATED);
    assertThat(generated)
        .as("generated CRDs")
        .containsExactlyInAnyOrder(
            "fulldatamigrations.hbasetunnel.io-v1.yml",
            "hbaseclusters.hbasetunnel.io-v1.yml",
            "incrementalsyncs.hbasetunnel.io-v1.yml");
    assertThat(crdFiles(COMMITTED))
        .as("crds/ must hold exactly the generated CRDs; run mvn -pl api process-classes -Pupdate-crds")
        .containsExactlyInAnyOrderElementsOf(generated);
    for (String name : generated) {
      assertThat(Files.readString(COMMITTED.resolve(name)))
          .as("crds/%s differs from what the api classes generate; run mvn -pl api process-classes -Pupdate-crds and commit", name)
          .isEqualTo(Files.readString(GENERATED.resolve(name)));
    }
  }

  private static List<String> crdFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-v1.yml")).sorted().toList();
    }
  }
}
