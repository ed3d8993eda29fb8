package io.hbasetunnel.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;

/**
 * One task kind's resources in the gateway's namespace. Every change is a create, a patch of
 * {@code spec} fields or a delete, so any number of gateway replicas can serve the same tasks.
 * Patches are JSON patches ("add" replaces a field whole): a merge patch would do for scalars,
 * but the fabric8 mock server appends to arrays on merge, and the table list must be replaced.
 */
final class TaskResources<T extends CustomResource<?, ?>> implements AutoCloseable {
  private static final long CACHE_WAIT_MILLIS = 5000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PatchContext JSON_PATCH = PatchContext.of(PatchType.JSON);

  private final KubernetesClient client;
  private final Class<T> type;
  private final String namespace;
  private final String kindLabel;
  private final String idPrefix;
  private final String listPath;

  /** Lists are served from this watch-fed cache: a list of 1,000 tasks costs no API call. */
  private final SharedIndexInformer<T> cache;

  TaskResources(KubernetesClient client, Class<T> type, String namespace, String kindLabel, String idPrefix,
      String listPath) {
    this.client = client;
    this.type = type;
    this.namespace = namespace;
    this.kindLabel = kindLabel;
    this.idPrefix = idPrefix;
    this.listPath = listPath;
    this.cache = client.resources(type).inNamespace(namespace).inform();
  }

  void create(T resource) {
    try {
      client.resources(type).inNamespace(namespace).resource(resource).create();
      // read-your-writes: a list right after create shows the new task
      awaitCache(resource.getMetadata().getName(), true);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new LtsException(409, kindLabel + " " + resource.getMetadata().getName() + " already exists; retry the call");
      }
      throw e;
    }
  }

  List<T> list() {
    return cache.getStore().list();
  }

  /** The task, or a 404 naming the id. */
  T get(String id) {
    if (!TaskIds.isPossible(id)) {
      throw LtsException.notFound("no such task: " + SafeEcho.of(id) + "; task ids are "
          + idPrefix + " and 32 lowercase hex digits; list them with GET " + listPath);
    }
    T resource = client.resources(type).inNamespace(namespace).withName(id).get();
    if (resource == null) {
      throw LtsException.notFound("no " + kindLabel + " with id '" + id + "'; list them with GET " + listPath);
    }
    return resource;
  }

  void patchSpec(String id, Map<String, Object> spec) {
    get(id);
    try {
      List<Map<String, Object>> operations = spec.entrySet().stream()
          .map(e -> Map.<String, Object>of("op", "add", "path", "/spec/" + e.getKey(), "value", e.getValue()))
          .toList();
      client.resources(type).inNamespace(namespace).withName(id).patch(JSON_PATCH, JSON.writeValueAsString(operations));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  void delete(String id) {
    get(id);
    client.resources(type).inNamespace(namespace).withName(id).delete();
    awaitCache(id, false);
  }

  private void awaitCache(String name, boolean present) {
    long deadline = System.currentTimeMillis() + CACHE_WAIT_MILLIS;
    while ((cache.getStore().getByKey(namespace + "/" + name) != null) != present && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    cache.close();
  }
}
