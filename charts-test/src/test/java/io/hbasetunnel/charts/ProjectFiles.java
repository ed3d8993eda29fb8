package io.hbasetunnel.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository; surefire sets project.root, an IDE run from the module falls back to "..". */
final class ProjectFiles {
  static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
  static final Path CHART = ROOT.resolve("charts/hbase-tunnel");
  static final Path OPERATOR_SOURCES = ROOT.resolve("operator/src/main/java/io/hbasetunnel/operator");
  static final Path GATEWAY_SOURCES = ROOT.resolve("compat-gateway/src/main/java/io/hbasetunnel/gateway");
  static final Path DOCKER = ROOT.resolve("docker");

  private ProjectFiles() {}

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
