package io.hbasetunnel.gateway;

import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskSpecRules;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LTS operations, each translated into a custom resource operation. Nothing is created
 * until every parameter has been checked.
 */
final class LtsApi implements AutoCloseable {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String GATEWAY = "hbase-tunnel-compat-gateway";
  private static final int MAX_NAME = 253;

  private final String namespace;
  private final ClusterDirectory clusters;
  private final TaskResources<FullDataMigration> fullData;
  private final TaskResources<IncrementalSync> incremental;
  private final ZoneId zone;

  LtsApi(KubernetesClient client, String namespace, ZoneId zone) {
    this.namespace = namespace;
    this.zone = zone;
    this.clusters = new ClusterDirectory(client, namespace);
    this.fullData = new TaskResources<>(client, FullDataMigration.class, namespace, "fulldata task",
        FullDataMigration.ID_PREFIX, "/hbase/fulldata");
    this.incremental = new TaskResources<>(client, IncrementalSync.class, namespace, "incr task",
        IncrementalSync.ID_PREFIX, "/hbase/incr");
  }

  // --- full data ---------------------------------------------------------------------------

  String createFullData(FormFields form) {
    FullDataMigrationSpec spec = new FullDataMigrationSpec();
    spec.setSource(form.cluster("src", "source (src)", "hbase1"));
    spec.setDestination(form.cluster("dst", "destination (dst)", "hbase2"));
    requireDistinct(spec.getSource(), spec.getDestination());
    spec.setTables(form.tables());
    spec.setBulkload(form.bool("bulkload", false));
    spec.setCreateTable(form.bool("createTable", false));
    spec.setExtraAttrs(form.extraAttrs());
    TableTargets.resolve(spec.getTables(), spec.getExtraAttrs(), true);
    refuse(TaskSpecRules.check(spec));
    clusters.require("source (src)", spec.getSource());
    clusters.require("destination (dst)", spec.getDestination());
    FullDataMigration task = new FullDataMigration();
    task.setMetadata(metadata(TaskIds.next(FullDataMigration.ID_PREFIX)));
    task.setSpec(spec);
    fullData.create(task);
    return task.getMetadata().getName();
  }

  Map<String, Object> listFullData() {
    Map<String, String> addresses = clusters.addresses();
    return LtsResponse.tunnels(fullData.list().stream()
        .sorted(Comparator.comparing(t -> t.getMetadata().getCreationTimestamp(), Comparator.nullsLast(Comparator.naturalOrder())))
        .map(t -> FullDataView.render(t, addresses)).toList());
  }

  Map<String, Object> fullDataDetail(String id) {
    return LtsResponse.tunnels(List.of(FullDataView.render(fullData.get(id), clusters.addresses())));
  }

  void abortFullData(String id) {
    fullData.patchSpec(id, Map.of("paused", true));
  }

  void retryFullData(String id) {
    fullData.patchSpec(id, retryPatch());
  }

  void deleteFullData(String id) {
    fullData.delete(id);
  }

  // --- incremental -------------------------------------------------------------------------

  String createIncremental(FormFields form) {
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    String name = form.required("name", "test1");
    if (name.length() > MAX_NAME) {
      throw LtsException.badRequest("parameter 'name' is longer than " + MAX_NAME + " characters");
    }
    spec.setDisplayName(name);
    spec.setSource(form.cluster("src", "source (src)", "hbase1"));
    spec.setDestination(form.cluster("dst", "destination (dst)", "hbase2"));
    requireDistinct(spec.getSource(), spec.getDestination());
    spec.setTables(form.tables());
    spec.setCreateTable(form.bool("createTable", false));
    spec.setExtraAttrs(form.extraAttrs());
    if (spec.getExtraAttrs() != null && !spec.getExtraAttrs().copyOnlyKeysSet().isEmpty()) {
      throw LtsException.badRequest("extraAttrs " + spec.getExtraAttrs().copyOnlyKeysSet() + " of an incremental"
          + " task: " + ExtraAttrs.INCREMENTAL_RULE_MESSAGE);
    }
    TableTargets.resolve(spec.getTables(), spec.getExtraAttrs(), true);
    refuse(TaskSpecRules.check(spec));
    clusters.require("source (src)", spec.getSource());
    clusters.require("destination (dst)", spec.getDestination());
    boolean taken = incremental.list().stream().anyMatch(t -> name.equals(t.getSpec().getDisplayName()));
    if (taken) {
      throw new LtsException(409, "an incr task named '" + name + "' exists already; choose another name or"
          + " update that task with /hbase/incr/update");
    }
    IncrementalSync task = new IncrementalSync();
    task.setMetadata(metadata(TaskIds.next(IncrementalSync.ID_PREFIX)));
    task.setSpec(spec);
    incremental.create(task);
    return task.getMetadata().getName();
  }

  void updateIncremental(FormFields form) {
    String id = form.required("jobId", "wal-08a087da488349969ff4a4b78efbceba");
    var tables = form.tables();
    IncrementalSyncSpec before = incremental.get(id).getSpec();
    // the task's own mappings still apply to the new list
    TableTargets.resolve(tables, before.getExtraAttrs(), false);
    IncrementalSyncSpec after = Serialization.clone(before);
    after.setTables(tables);
    // tables may come and go, but one kept must keep its target: its checkpoints and copy are there
    refuse(TaskSpecRules.changes(before, after));
    refuse(TaskSpecRules.check(after));
    incremental.patchSpec(id, Map.of("tables", tables.stream().map(LtsApi::nameAndTarget).toList()));
  }

  Map<String, Object> listIncremental() {
    Map<String, String> addresses = clusters.addresses();
    return LtsResponse.tunnels(incremental.list().stream()
        .sorted(Comparator.comparing(t -> t.getMetadata().getCreationTimestamp(), Comparator.nullsLast(Comparator.naturalOrder())))
        .map(t -> IncrementalView.render(t, addresses, zone)).toList());
  }

  Map<String, Object> incrementalDetail(String id) {
    return LtsResponse.tunnels(List.of(IncrementalView.render(incremental.get(id), clusters.addresses(), zone)));
  }

  void abortIncremental(String id) {
    incremental.patchSpec(id, Map.of("paused", true));
  }

  void retryIncremental(String id) {
    incremental.patchSpec(id, retryPatch());
  }

  void deleteIncremental(String id) {
    incremental.delete(id);
  }

  // --- status page: the same caches as the listings ----------------------------------------

  List<FullDataMigration> cachedFullData() {
    return fullData.list();
  }

  List<IncrementalSync> cachedIncremental() {
    return incremental.list();
  }

  String namespace() {
    return namespace;
  }

  // -----------------------------------------------------------------------------------------

  @Override
  public void close() {
    clusters.close();
    fullData.close();
    incremental.close();
  }

  private static Map<String, String> nameAndTarget(TableSpec table) {
    return table.getTargetName() == null ? Map.of("name", table.getName())
        : Map.of("name", table.getName(), "targetName", table.getTargetName());
  }

  private static Map<String, Object> retryPatch() {
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("paused", false);
    patch.put("retryNonce", TaskIds.hex());
    return patch;
  }

  private static void requireDistinct(String source, String destination) {
    if (source.equals(destination)) {
      throw LtsException.badRequest("src and dst are both '" + source + "': a table would be copied onto itself;"
          + " migrate between two different clusters");
    }
  }

  /**
   * A 400 with the shared rules' problems (the operator and the CRD apply the same): the form
   * checks above name the parameter first, these are the backstop and say which spec field.
   */
  private static void refuse(List<TaskSpecRules.Problem> problems) {
    if (!problems.isEmpty()) {
      throw LtsException.badRequest(String.join("; ", problems.stream().map(TaskSpecRules.Problem::toString).toList()));
    }
  }

  private ObjectMeta metadata(String name) {
    return new ObjectMetaBuilder().withName(name).withNamespace(namespace).addToLabels(MANAGED_BY, GATEWAY).build();
  }
}
