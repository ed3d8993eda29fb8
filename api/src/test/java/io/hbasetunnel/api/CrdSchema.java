package io.hbasetunnel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates a manifest against a generated CRD's openAPIV3Schema the way an API server with
 * strict field validation does: required fields, patterns, enums, bounds, and unknown fields
 * rejected. The fabric8 mock server validates nothing, so this is our guard.
 */
final class CrdSchema {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String kind;
  private final String apiVersion;
  private final JsonSchema schema;

  private CrdSchema(String kind, String apiVersion, JsonSchema schema) {
    this.kind = kind;
    this.apiVersion = apiVersion;
    this.schema = schema;
  }

  static CrdSchema load(Path crdFile) throws IOException {
    JsonNode crd = YAML.readTree(crdFile.toFile());
    JsonNode version = crd.at("/spec/versions/0");
    ObjectNode openApi = version.at("/schema/openAPIV3Schema").deepCopy();
    closeObjects(openApi);
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
    String apiVersion = crd.at("/spec/group").asText() + "/" + version.get("name").asText();
    return new CrdSchema(crd.at("/spec/names/kind").asText(), apiVersion, schema);
  }

  String kind() {
    return kind;
  }

  /** Problems with the manifest, empty when it is valid. */
  List<String> validate(JsonNode manifest) {
    if (!kind.equals(manifest.path("kind").asText()) || !apiVersion.equals(manifest.path("apiVersion").asText())) {
      return List.of("expected kind " + kind + " and apiVersion " + apiVersion);
    }
    ObjectNode withoutMeta = manifest.deepCopy();
    withoutMeta.remove(List.of("apiVersion", "kind", "metadata"));
    return schema.validate(withoutMeta).stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  /** Objects with declared properties accept nothing else, unless marked to preserve unknown fields. */
  private static void closeObjects(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("properties")
          && !object.has("additionalProperties")
          && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        object.put("additionalProperties", false);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        closeObjects(it.next().getValue());
      }
    } else if (node != null && node.isArray()) {
      node.forEach(CrdSchema::closeObjects);
    }
  }
}
