package io.hbasetunnel.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Java sources cut into statements (at ';', comments removed, whitespace collapsed), so a fluent
 * client call spread over lines is one string a pattern can match.
 */
final class JavaStatements {
  record Statement(String file, String text) {}

  private JavaStatements() {}

  static List<Statement> under(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      List<Statement> result = new ArrayList<>();
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        result.addAll(of(root.relativize(file).toString().replace('\\', '/'), Files.readString(file)));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Statement> of(String file, String source) {
    List<Statement> result = new ArrayList<>();
    for (String part : withoutComments(source).split(";")) {
      String text = part.replaceAll("\\s+", " ").strip();
      if (!text.isEmpty() && !text.startsWith("import ") && !text.startsWith("package ")) {
        result.add(new Statement(file, text));
      }
    }
    return result;
  }

  /** Removes // and block comments, leaving string and char literals alone ("http://..." is no comment). */
  static String withoutComments(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '"' || c == '\'') {
        int end = i + 1;
        while (end < source.length() && source.charAt(end) != c) {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        out.append(source, i, Math.min(end + 1, source.length()));
        i = end + 1;
      } else if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? source.length() : end;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? source.length() : end + 2;
        out.append(' ');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
