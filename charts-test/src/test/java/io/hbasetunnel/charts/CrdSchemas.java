package io.hbasetunnel.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart's CRD schemas, closed against unknown fields as strict field validation would be
 * (the same rule as api's CrdSchema, which lives in that module's tests).
 */
final class CrdSchemas {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Map<String, JsonSchema> byApiVersionAndKind = new HashMap<>();

  CrdSchemas(Path crdDir) {
    try (Stream<Path> files = Files.list(crdDir)) {
      for (Path file : files.toList()) {
        JsonNode crd = YAML.readTree(file.toFile());
        for (JsonNode version : crd.at("/spec/versions")) {
          ObjectNode openApi = version.at("/schema/openAPIV3Schema").deepCopy();
          closeObjects(openApi);
          byApiVersionAndKind.put(crd.at("/spec/group").asText() + "/" + version.get("name").asText() + " "
              + crd.at("/spec/names/kind").asText(), JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Problems of the manifest; a kind no CRD defines is one. */
  List<String> problems(JsonNode manifest) {
    JsonSchema schema = byApiVersionAndKind.get(manifest.path("apiVersion").asText() + " " + manifest.path("kind").asText());
    if (schema == null) {
      return List.of("no CRD for " + manifest.path("apiVersion").asText() + " " + manifest.path("kind").asText());
    }
    ObjectNode body = manifest.deepCopy();
    body.remove(List.of("apiVersion", "kind", "metadata"));
    return schema.validate(body).stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  private static void closeObjects(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("properties") && !object.has("additionalProperties")
          && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        object.put("additionalProperties", false);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        closeObjects(it.next().getValue());
      }
    } else if (node != null && node.isArray()) {
      node.forEach(CrdSchemas::closeObjects);
    }
  }
}
