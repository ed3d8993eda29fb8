package io.hbasetunnel.local.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a container would see, made from local files: each volume (ConfigMap, Secret, projected, emptyDir)
 * is written to a directory of the pod's own, and every path the container is told about is rewritten
 * to it. Rewritten are the command, the arguments and the env values: a volume's mountPath, the
 * terminationMessagePath and {@code /tmp} become directories under the sandbox (an argument equal to
 * the path or starting with it plus '/'; also after '='), and a port argument (one following an argument
 * that names a port) equal to a declared containerPort becomes a free local port: several pods share
 * the loopback address, so they cannot all listen on the container's port. The executable itself is
 * never rewritten: the image's files are this host's.
 */
final class PodSandbox {
  private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  final Path dir;
  final Path terminationLog;
  final Path output;
  /** container port -> local port. */
  final Map<Integer, Integer> ports;
  private final Map<String, Path> mounts = new LinkedHashMap<>();

  PodSandbox(Path dir, Map<Integer, Integer> ports) {
    this.dir = dir;
    this.terminationLog = dir.resolve("termination-log");
    this.output = dir.resolve("output.log");
    this.ports = ports;
  }

  /** Writes the volumes of {@code container} and records where its mount paths now are. */
  void prepare(KubernetesClient client, Pod pod, Container container) throws IOException {
    Files.createDirectories(dir.resolve("tmp"));
    Files.deleteIfExists(terminationLog);
    Files.createFile(terminationLog);
    String namespace = pod.getMetadata().getNamespace();
    Map<String, Path> volumes = new LinkedHashMap<>();
    for (Volume volume : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
      Path target = Files.createDirectories(dir.resolve("volumes").resolve(volume.getName()));
      if (volume.getConfigMap() != null) {
        writeConfigMap(client, namespace, volume.getConfigMap().getName(), Boolean.TRUE.equals(volume.getConfigMap().getOptional()), target);
      } else if (volume.getSecret() != null) {
        writeSecret(client, namespace, volume.getSecret().getSecretName(), Boolean.TRUE.equals(volume.getSecret().getOptional()), target);
      } else if (volume.getProjected() != null) {
        for (VolumeProjection source : volume.getProjected().getSources()) {
          if (source.getConfigMap() != null) {
            writeConfigMap(client, namespace, source.getConfigMap().getName(), Boolean.TRUE.equals(source.getConfigMap().getOptional()), target);
          } else if (source.getSecret() != null) {
            writeSecret(client, namespace, source.getSecret().getName(), Boolean.TRUE.equals(source.getSecret().getOptional()), target);
          }
        }
      }
      volumes.put(volume.getName(), target);
    }
    if (container.getVolumeMounts() != null) {
      for (VolumeMount mount : container.getVolumeMounts()) {
        Path source = volumes.get(mount.getName());
        if (source == null) {
          throw new IOException("volumeMount " + mount.getName() + " names no volume of pod " + pod.getMetadata().getName());
        }
        mounts.put(trimSlash(mount.getMountPath()), mount.getSubPath() == null ? source : source.resolve(mount.getSubPath()));
      }
    }
    String terminationPath = container.getTerminationMessagePath() == null ? "/dev/termination-log" : container.getTerminationMessagePath();
    mounts.put(terminationPath, terminationLog);
    mounts.put("/tmp", dir.resolve("tmp"));
  }

  /** The container's command and args, $(VAR) expanded and paths and ports rewritten. */
  List<String> commandLine(Container container, Map<String, String> env) {
    List<String> raw = new ArrayList<>();
    if (container.getCommand() != null) {
      raw.addAll(container.getCommand());
    }
    if (container.getArgs() != null) {
      raw.addAll(container.getArgs());
    }
    List<String> result = new ArrayList<>();
    String previous = "";
    for (String arg : raw) {
      // the executable is the image's, and the image here is this host's files: a launcher in a
      // checkout under /tmp is not in the pod's own /tmp
      String value = result.isEmpty() ? expand(arg, env) : rewrite(expand(arg, env));
      if (previous.toLowerCase().contains("port")) {
        for (Map.Entry<Integer, Integer> port : ports.entrySet()) {
          if (value.equals(String.valueOf(port.getKey()))) {
            value = String.valueOf(port.getValue());
          }
        }
      }
      result.add(value);
      previous = arg;
    }
    return result;
  }

  /** Container env with literal values and downward-API field values resolved, then paths rewritten. */
  Map<String, String> env(KubernetesClient client, Pod pod, Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      String value;
      if (var.getValueFrom() == null) {
        value = expand(var.getValue() == null ? "" : var.getValue(), env);
      } else if (var.getValueFrom().getFieldRef() != null) {
        value = DownwardApi.field(pod, var.getValueFrom().getFieldRef().getFieldPath());
      } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = var.getValueFrom().getConfigMapKeyRef();
        ConfigMap map = client.configMaps().inNamespace(pod.getMetadata().getNamespace()).withName(ref.getName()).get();
        value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
      } else if (var.getValueFrom().getSecretKeyRef() != null) {
        var ref = var.getValueFrom().getSecretKeyRef();
        Secret secret = client.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(ref.getName()).get();
        value = secret == null || secret.getData() == null || secret.getData().get(ref.getKey()) == null ? null
            : new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
      } else {
        value = null;
      }
      if (value != null) {
        env.put(var.getName(), rewrite(value));
      }
    }
    return env;
  }

  private String rewrite(String value) {
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      String from = mount.getKey();
      String to = mount.getValue().toString();
      if (value.equals(from)) {
        return to;
      }
      if (value.startsWith(from + "/")) {
        return to + value.substring(from.length());
      }
      int eq = value.indexOf('=');
      if (eq > 0 && (value.substring(eq + 1).equals(from) || value.substring(eq + 1).startsWith(from + "/"))) {
        return value.substring(0, eq + 1) + to + value.substring(eq + 1 + from.length());
      }
    }
    return value;
  }

  /** Kubernetes' $(VAR) expansion: a reference to an unknown variable stays as written. */
  static String expand(String text, Map<String, String> env) {
    Matcher m = VAR_REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString().replace("$$(", "$(");
  }

  private static void writeConfigMap(KubernetesClient client, String namespace, String name, boolean optional, Path target)
      throws IOException {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    if (map == null) {
      if (optional) {
        return;
      }
      throw new IOException("ConfigMap " + name + " not found");
    }
    if (map.getData() != null) {
      for (Map.Entry<String, String> e : map.getData().entrySet()) {
        Files.writeString(target.resolve(e.getKey()), e.getValue());
      }
    }
    if (map.getBinaryData() != null) {
      for (Map.Entry<String, String> e : map.getBinaryData().entrySet()) {
        Files.write(target.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
      }
    }
  }

  private static void writeSecret(KubernetesClient client, String namespace, String name, boolean optional, Path target)
      throws IOException {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      if (optional) {
        return;
      }
      throw new IOException("Secret " + name + " not found");
    }
    if (secret.getData() != null) {
      for (Map.Entry<String, String> e : secret.getData().entrySet()) {
        Files.write(target.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
      }
    }
    if (secret.getStringData() != null) {
      for (Map.Entry<String, String> e : secret.getStringData().entrySet()) {
        Files.writeString(target.resolve(e.getKey()), e.getValue());
      }
    }
  }

  private static String trimSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
