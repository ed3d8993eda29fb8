package io.hbasetunnel.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The LTS contract document: its curl examples and its JSON response examples, as written. */
final class SeedDocument {
  static final Path FILE = Path.of(System.getProperty("seed.file", "../../shared/seed/000_1b20e566ba7dea51.txt"));
  private static final Pattern CURL = Pattern.compile("curl [^\\n]+");
  private static final Pattern OPERATION = Pattern.compile("API operation \\((GET|POST)\\): http://\\{\\w+}:12311(\\S+?)\\.");

  private final String text;

  SeedDocument() throws IOException {
    this.text = Files.readString(FILE);
  }

  /** Every {@code curl ...} line of the document. */
  List<String> curlExamples() {
    List<String> lines = new ArrayList<>();
    Matcher m = CURL.matcher(text);
    while (m.find()) {
      lines.add(m.group().trim());
    }
    return lines;
  }

  /** Every "API operation (METHOD): path" of the document, e.g. GET /hbase/incr/{jobId}/detai. */
  List<String[]> operations() {
    List<String[]> operations = new ArrayList<>();
    Matcher m = OPERATION.matcher(text);
    while (m.find()) {
      operations.add(new String[] {m.group(1), m.group(2)});
    }
    return operations;
  }

  /** The JSON examples (comments removed), in document order. */
  List<JsonNode> responseExamples() throws IOException {
    List<JsonNode> examples = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].trim().equals("{")) {
        continue;
      }
      StringBuilder json = new StringBuilder();
      int depth = 0;
      for (int j = i; j < lines.length; j++) {
        String line = lines[j].replaceAll("\\s//[^\"]*$", "");
        json.append(line).append('\n');
        depth += count(line, '{') + count(line, '[') - count(line, '}') - count(line, ']');
        if (depth == 0) {
          i = j;
          break;
        }
      }
      examples.add(GatewayFixture.JSON.readTree(json.toString()));
    }
    return examples;
  }

  private static int count(String s, char c) {
    return (int) s.chars().filter(ch -> ch == c).count();
  }
}
