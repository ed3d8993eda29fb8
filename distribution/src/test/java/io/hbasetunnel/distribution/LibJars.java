package io.hbasetunnel.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The jars of a built lib/ directory (sub-directories too) and the classes and resources each one holds. */
final class LibJars {
  private final Path lib;
  private final Map<String, List<String>> entriesByJar = new TreeMap<>();

  private LibJars(Path lib) {
    this.lib = lib;
  }

  /** Reads every jar under {@code lib}; fails when there is none (the distribution was not built). */
  static LibJars of(Path lib) {
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException(lib + " does not exist: build the distribution first (mvn package -pl distribution -am)");
    }
    LibJars jars = new LibJars(lib);
    try (Stream<Path> files = Files.walk(lib)) {
      for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
        jars.entriesByJar.put(lib.relativize(jar).toString(), entries(jar));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (jars.entriesByJar.isEmpty()) {
      throw new IllegalStateException(lib + " holds no jar");
    }
    return jars;
  }

  private static List<String> entries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().filter(e -> !e.isDirectory()).map(JarEntry::getName).toList();
    }
  }

  /** Paths relative to lib/, e.g. {@code picocli-4.7.7.jar}. */
  List<String> names() {
    return List.copyOf(entriesByJar.keySet());
  }

  /** The jars that hold {@code entry} (a class file or resource path). */
  List<String> holding(String entry) {
    return entriesByJar.entrySet().stream().filter(e -> e.getValue().contains(entry)).map(Map.Entry::getKey).toList();
  }

  /**
   * Class files found in more than one jar, grouped by the set of jars: {@code "a.jar + b.jar" -> 12 classes}.
   * module-info and multi-release copies (META-INF/versions) are not classes of their own.
   */
  Map<String, Integer> duplicateClasses() {
    Map<String, List<String>> jarsByClass = new TreeMap<>();
    entriesByJar.forEach((jar, entries) -> entries.stream()
        .filter(e -> e.endsWith(".class") && !e.startsWith("META-INF/") && !e.endsWith("module-info.class"))
        .forEach(e -> jarsByClass.computeIfAbsent(e, k -> new ArrayList<>()).add(jar)));
    Map<String, Integer> classesByJarSet = new TreeMap<>();
    jarsByClass.values().stream().filter(jars -> jars.size() > 1)
        .forEach(jars -> classesByJarSet.merge(String.join(" + ", new TreeSet<>(jars)), 1, Integer::sum));
    return classesByJarSet;
  }

  /** Total size of lib/ in bytes. */
  long bytes() {
    try (Stream<Path> files = Files.walk(lib)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return lib + " (" + Collections.unmodifiableSet(entriesByJar.keySet()).size() + " jars)";
  }
}
