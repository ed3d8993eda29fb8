package io.hbasetunnel.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A Dockerfile as its instructions: continuation lines joined, comments dropped. */
final class Dockerfiles {
  record Instruction(String keyword, String arguments) {}

  private Dockerfiles() {}

  static List<Path> all() {
    try (Stream<Path> files = Files.walk(ProjectFiles.DOCKER)) {
      return files.filter(p -> p.getFileName().toString().startsWith("Dockerfile")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Instruction> parse(String text) {
    List<Instruction> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed.substring(0, trimmed.length() - 1).stripTrailing()).append(" ");
        continue;
      }
      current.append(trimmed);
      String[] parts = current.toString().strip().split("\\s+", 2);
      result.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
      current.setLength(0);
    }
    return result;
  }

  static List<String> arguments(List<Instruction> instructions, String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
  }
}
