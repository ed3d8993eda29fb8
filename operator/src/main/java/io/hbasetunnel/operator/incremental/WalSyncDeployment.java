package io.hbasetunnel.operator.incremental;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TargetTables;
import io.hbasetunnel.operator.common.EventRecorder;
import io.hbasetunnel.operator.common.Labels;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.SpecCheck;
import io.hbasetunnel.operator.common.RunIds;
import io.hbasetunnel.operator.common.SpecHash;
import io.hbasetunnel.operator.common.WorkerCommand;
import io.hbasetunnel.operator.common.WorkerPods;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wal-sync Deployment, kept by JOSDK as a dependent resource: the desired Deployment comes
 * from the sync (and the pass's sync id and replicas); JOSDK reads the current one from its
 * informer (Deployments labelled kind=IncrementalSync, mapped to their sync by the task label),
 * creates it when missing and updates it when it does not match, and caches what it wrote.
 *
 * <p>Matching is by our own spec hash (SpecHash), not field by field: a real API server fills
 * defaults into what it stores. An update replaces replicas, strategy and template and keeps the
 * rest of the server's copy. Server-side apply is used when the operator is configured for it
 * (JOSDK's {@code ssaBasedCreateUpdateMatchForDependentResources}); the fabric8 mock API server
 * (tests, the embedded API) has none, so the operator runs with it off and JOSDK creates with a
 * POST and updates with a PUT of our merged copy (optimistic on resourceVersion; a conflict is a
 * retried pass).
 */
final class WalSyncDeployment extends KubernetesDependentResource<Deployment, IncrementalSync>
    implements Creator<Deployment, IncrementalSync>, Updater<Deployment, IncrementalSync> {
  /** What the pass decided that the spec alone does not say. */
  record Wanted(String syncId, int replicas) {}

  private final WorkerSettings worker;
  private final EventRecorder events;

  WalSyncDeployment(WorkerSettings worker, EventRecorder events) {
    super(Deployment.class);
    this.worker = worker;
    this.events = events;
  }

  static String name(IncrementalSync task) {
    return Names.child(task.getMetadata().getName(), "wal-sync");
  }

  /** Creates or updates the Deployment as wanted; the Deployment as it now is. */
  Deployment apply(IncrementalSync task, Context<IncrementalSync> context, String syncId, int replicas) {
    context.managedWorkflowAndDependentResourceContext().put(Wanted.class, new Wanted(syncId, replicas));
    ReconcileResult<Deployment> result = reconcile(task, context);
    Deployment deployment = result.getSingleResource().orElseThrow();
    switch (result.getSingleOperation()) {
      case CREATED -> events.normal(task, "WorkersCreated", "created Deployment " + name(task) + " with " + replicas + " replica(s)");
      case UPDATED -> events.normal(task, "WorkersUpdated", "Deployment " + name(task) + ": " + replicas + " replica(s), tables "
          + task.getSpec().getTables().stream().map(TableSpec::getName).toList());
      default -> { }
    }
    return deployment;
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<Deployment> informerConfigurationBuilder(
      EventSourceContext<IncrementalSync> context) {
    return super.informerConfigurationBuilder(context).withLabelSelector(Labels.KIND + "=IncrementalSync");
  }

  @Override
  protected Optional<SecondaryToPrimaryMapper<Deployment>> getSecondaryToPrimaryMapper(EventSourceContext<IncrementalSync> context) {
    return Optional.of(Labels::owningTask);
  }

  @Override
  protected Deployment desired(IncrementalSync task, Context<IncrementalSync> context) {
    Wanted wanted = context.managedWorkflowAndDependentResourceContext().getMandatory(Wanted.class, Wanted.class);
    return desiredDeployment(task, wanted.syncId(), wanted.replicas());
  }

  /** The server's copy carries its defaults: what we asked for is unchanged while our hash is. */
  @Override
  public Matcher.Result<Deployment> match(Deployment actual, IncrementalSync task, Context<IncrementalSync> context) {
    Deployment desired = desired(task, context);
    return Matcher.Result.computed(SpecHash.stored(desired).equals(SpecHash.stored(actual)), desired);
  }

  /** Replaces replicas, strategy and template (and our annotations); the rest of the server's copy stays. */
  @Override
  public Deployment update(Deployment actual, Deployment desired, IncrementalSync task, Context<IncrementalSync> context) {
    Deployment existing = new DeploymentBuilder(actual).build();
    existing.getSpec().setReplicas(desired.getSpec().getReplicas());
    existing.getSpec().setStrategy(desired.getSpec().getStrategy());
    existing.getSpec().setTemplate(desired.getSpec().getTemplate());
    existing.getMetadata().setAnnotations(merged(existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations()));
    return prepare(context, existing, task, "Updating").update();
  }

  private Deployment desiredDeployment(IncrementalSync task, String syncId, int replicas) {
    String name = name(task);
    var extra = task.getSpec().getExtraAttrs();
    WorkerCommand command = WorkerCommand.walSync().syncId(syncId)
        .syncTables(TargetTables.resolve(task.getSpec().getTables(), extra))
        .families(SpecCheck.syncFamilies(task.getSpec().getTables(), extra))
        .workerId("$(POD_NAME)").statusPort(HttpSyncStatusSource.STATUS_PORT).statusFile("/tmp/wal-sync-status.json")
        .startTime(startTime(task))
        .retainDeletesUntil(retainDeletesUntil(task));
    Map<String, String> labels = Labels.of(task, "wal-sync");
    PodTemplateSpec template = WorkerPods.template(worker, labels, task.getSpec().getSource(), task.getSpec().getDestination(),
        command, List.of(new EnvVar("POD_NAME", null, new io.fabric8.kubernetes.api.model.EnvVarSourceBuilder()
            .withNewFieldRef().withFieldPath("metadata.name").endFieldRef().build())), "Always");
    template.getSpec().getContainers().get(0).setPorts(List.of(new ContainerPortBuilder().withName("status")
        .withContainerPort(HttpSyncStatusSource.STATUS_PORT).build()));
    Deployment desired = new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(task.getMetadata().getNamespace()).withLabels(labels)
        .withAnnotations(new java.util.HashMap<>(Map.of(RunIds.ANNOTATION, syncId)))
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(task.getApiVersion()).withKind(task.getKind())
            .withName(task.getMetadata().getName()).withUid(task.getMetadata().getUid()).withController(true).build())
        .endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
        // never two generations of workers on one WAL stream
        .withNewStrategy().withType("Recreate").endStrategy()
        .withTemplate(template).endSpec()
        .build();
    SpecHash.stamp(desired, desired.getSpec());
    return desired;
  }

  /**
   * Where capture starts: extraAttrs.startTime, else when the resource was created, so that writes
   * between the create and the first worker's start (image pull, scheduling, schema Jobs) are not
   * missed; the worker's own default (its start) would drop them. A sync armed by a migration has
   * its start time stored by the arm already (the worker would ignore another).
   */
  static Long startTime(IncrementalSync task) {
    var extra = task.getSpec().getExtraAttrs();
    if (extra != null && extra.getStartTime() != null) {
      return extra.getStartTime();
    }
    String armed = task.getSpec().getArmedSyncId();
    return armed != null && !armed.isEmpty() ? null : createdMillis(task);
  }

  /**
   * A follow-on sync (armed by its migration, created once every table is copied): the
   * destination keeps delete markers until the sync has applied everything written before the
   * sync was created, then gets the source's setting back. Stable, so the Deployment's hash is.
   */
  private static Long retainDeletesUntil(IncrementalSync task) {
    String armed = task.getSpec().getArmedSyncId();
    return armed == null || armed.isEmpty() ? null : createdMillis(task);
  }

  /** The resource's creationTimestamp in ms (the API server sets it; null before the first write). */
  private static Long createdMillis(IncrementalSync task) {
    String created = task.getMetadata().getCreationTimestamp();
    return created == null ? null : java.time.OffsetDateTime.parse(created).toInstant().toEpochMilli();
  }

  private static Map<String, String> merged(Map<String, String> existing, Map<String, String> ours) {
    Map<String, String> all = existing == null ? new HashMap<>() : new HashMap<>(existing);
    all.putAll(ours);
    return all;
  }
}
