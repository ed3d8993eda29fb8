package io.hbasetunnel.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;

/** The manifests `helm template` renders (real Helm, in-process), parsed as Kubernetes objects. */
final class RenderedChart {
  static final String RELEASE = "tunnel";
  static final String NAMESPACE = "migrations";

  final List<HasMetadata> objects;
  final String yaml;

  private RenderedChart(String yaml) {
    this.yaml = yaml;
    this.objects = parse(yaml);
  }

  static RenderedChart withDefaults() {
    return render(null, Map.of());
  }

  static RenderedChart with(Path valuesFile, Map<String, Object> sets) {
    return render(valuesFile, sets);
  }

  static RenderedChart withSets(Map<String, Object> sets) {
    return render(null, sets);
  }

  private static RenderedChart render(Path valuesFile, Map<String, Object> sets) {
    TemplateCommand template = new Helm(ProjectFiles.CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (valuesFile != null) {
      template.withValuesFile(valuesFile);
    }
    sets.forEach(template::set);
    return new RenderedChart(template.call());
  }

  /** Each YAML document as the typed fabric8 object (GenericKubernetesResource for unknown kinds). */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> result = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      Object parsed = Serialization.unmarshal(document);
      if (!(parsed instanceof HasMetadata object)) {
        throw new AssertionError("not a Kubernetes object: " + document);
      }
      result.add(object);
    }
    return result;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return find(type, name).orElseThrow(() -> new NoSuchElementException(type.getSimpleName() + " " + name + " not rendered"));
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  List<GenericKubernetesResource> generic(Predicate<GenericKubernetesResource> filter) {
    return all(GenericKubernetesResource.class).stream().filter(filter).toList();
  }

  static String name(String suffix) {
    return RELEASE + "-hbase-tunnel-" + suffix;
  }
}
