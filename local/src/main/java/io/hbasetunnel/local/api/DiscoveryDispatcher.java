package io.hbasetunnel.local.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers the discovery paths the mock server does not know (kubectl resolves `fdm`, `jobs`, ... through
 * them), refuses task specs a real API server's CEL rules would ({@link TaskAdmission}), and hands
 * every other request to the mock's CRUD dispatcher. Legacy (unaggregated) discovery
 * only: kubectl falls back to it when the answer is plain application/json.
 */
final class DiscoveryDispatcher extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private final Dispatcher crud;
  private final Map<String, Object> documents = new LinkedHashMap<>();

  DiscoveryDispatcher(Dispatcher crud, List<CustomResourceDefinition> crds) {
    this.crud = crud;
    Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
    groups.put("batch/v1", List.of(resource("jobs", "job", "Job", true, List.of()), status("jobs")));
    groups.put("apps/v1", List.of(resource("deployments", "deployment", "Deployment", true, List.of("deploy")), status("deployments"),
        resource("replicasets", "replicaset", "ReplicaSet", true, List.of("rs"))));
    groups.put("coordination.k8s.io/v1", List.of(resource("leases", "lease", "Lease", true, List.of())));
    groups.put("events.k8s.io/v1", List.of(resource("events", "event", "Event", true, List.of("ev"))));
    groups.put("apiextensions.k8s.io/v1",
        List.of(resource("customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, List.of("crd", "crds"))));
    for (CustomResourceDefinition crd : crds) {
      var names = crd.getSpec().getNames();
      for (var version : crd.getSpec().getVersions()) {
        String gv = crd.getSpec().getGroup() + "/" + version.getName();
        List<Map<String, Object>> list = new ArrayList<>(groups.getOrDefault(gv, List.of()));
        list.add(resource(names.getPlural(), names.getSingular(), names.getKind(), "Namespaced".equals(crd.getSpec().getScope()),
            names.getShortNames() == null ? List.of() : names.getShortNames()));
        if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
          list.add(status(names.getPlural()));
        }
        groups.put(gv, list);
      }
    }
    documents.put("/api", Map.of("kind", "APIVersions", "versions", List.of("v1"),
        "serverAddressByClientCIDRs", List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1"))));
    documents.put("/api/v1", resourceList("v1", List.of(
        resource("pods", "pod", "Pod", true, List.of("po")), status("pods"),
        resource("configmaps", "configmap", "ConfigMap", true, List.of("cm")),
        resource("secrets", "secret", "Secret", true, List.of()),
        resource("services", "service", "Service", true, List.of("svc")),
        resource("serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa")),
        resource("events", "event", "Event", true, List.of("ev")),
        resource("namespaces", "namespace", "Namespace", false, List.of("ns")))));
    List<Map<String, Object>> groupList = new ArrayList<>();
    groups.forEach((gv, resources) -> {
      String group = gv.substring(0, gv.indexOf('/'));
      String version = gv.substring(gv.indexOf('/') + 1);
      Map<String, Object> gvd = Map.of("groupVersion", gv, "version", version);
      groupList.add(Map.of("name", group, "versions", List.of(gvd), "preferredVersion", gvd));
      documents.put("/apis/" + gv, resourceList(gv, resources));
    });
    documents.put("/apis", Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groupList));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    Object document = "GET".equals(request.getMethod()) ? documents.get(query < 0 ? path : path.substring(0, query)) : null;
    if (document == null) {
      return TaskAdmission.refusal(request).orElseGet(() -> crud.dispatch(request));
    }
    try {
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
          .setBody(JSON.writeValueAsString(document));
    } catch (Exception e) {
      return new MockResponse().setResponseCode(500).setBody(String.valueOf(e));
    }
  }

  @Override
  public void shutdown() {
    crud.shutdown();
  }

  private static Map<String, Object> resourceList(String groupVersion, List<Map<String, Object>> resources) {
    return Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", groupVersion, "resources", resources);
  }

  private static Map<String, Object> resource(String plural, String singular, String kind, boolean namespaced, List<String> shortNames) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", plural);
    r.put("singularName", singular);
    r.put("namespaced", namespaced);
    r.put("kind", kind);
    r.put("verbs", VERBS);
    if (!shortNames.isEmpty()) {
      r.put("shortNames", shortNames);
    }
    return r;
  }

  private static Map<String, Object> status(String plural) {
    return Map.of("name", plural + "/status", "singularName", "", "namespaced", true, "kind", "", "verbs", List.of("get", "patch", "update"));
  }
}
