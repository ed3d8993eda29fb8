package io.hbasetunnel.operator.common;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.api.v1alpha1.TaskStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What every pass of a task (FullDataMigration, IncrementalSync) does around its own steps, written
 * once: the status as the pass found it (so an unchanged one is not written), the spec it works
 * on, the first validation (the spec, then the clusters before the start), a spec made invalid
 * after the start (the work goes on with the last valid spec, with the current pause and retry,
 * and says so), and the write.
 *
 * <p>Check order, the same for both kinds: the spec first, then the clusters. The spec check is
 * certain and local (what to fix is in the resource itself, no probe can change it); the cluster
 * check can only say "wait" or "create it". Once the task has started, the clusters no longer
 * gate anything (a cluster that is down shows in the workers).
 */
public final class TaskPass<P extends CustomResource<T, S>, T, S extends TaskStatus> {
  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final P task;
  private final String seen;
  private final TaskState before;
  private final SpecCheck.Result spec;
  private final P working;
  /** Degraded told this invalid spec already (read before the steps reset the conditions). */
  private final boolean announced;

  private TaskPass(P task, String seen, TaskState before, SpecCheck.Result spec, P working) {
    this.task = task;
    this.seen = seen;
    this.before = before;
    this.spec = spec;
    this.working = working;
    this.announced = !spec.ok() && LastValidSpec.marked(task.getStatus().getConditions(), spec.error());
  }

  /**
   * Starts a pass: the status set up, the spec checked against the last valid one once the task
   * has started, a valid spec recorded as the last valid one.
   *
   * @param started whether the task has started (what it runs on may no longer change)
   * @param check the spec rules: (spec, last valid spec or null) -> result
   */
  public static <P extends CustomResource<T, S>, T, S extends TaskStatus> TaskPass<P, T, S> begin(P task,
      Supplier<S> newStatus, Supplier<P> newTask, Class<T> specType, java.util.function.Predicate<S> started,
      BiFunction<T, T, SpecCheck.Result> check) {
    String seen = StatusWriter.seen(task.getStatus());
    S status = task.getStatus() == null ? newStatus.get() : task.getStatus();
    task.setStatus(status);
    boolean running = started.test(status);
    SpecCheck.Result spec = check.apply(task.getSpec(), running ? LastValidSpec.of(status, specType).orElse(null) : null);
    if (spec.ok()) {
      LastValidSpec.record(status, task.getSpec());
    }
    P working = spec.ok() || !running ? task : lastValid(task, newTask, specType).orElse(task);
    return new TaskPass<>(task, seen, status.getState(), spec, working);
  }

  /** The task as its last valid spec describes it, with the current spec's pause and retry; empty when none was recorded. */
  public static <P extends CustomResource<T, S>, T, S extends TaskStatus> Optional<P> lastValid(P task, Supplier<P> newTask,
      Class<T> specType) {
    if (task.getStatus() == null || task.getStatus().getLastValidSpec() == null) {
      return Optional.empty();
    }
    P working = newTask.get();
    working.setMetadata(task.getMetadata());
    working.setSpec(lastValidWithControls(task, task.getStatus(), specType));
    working.setStatus(task.getStatus());
    return Optional.of(working);
  }

  /** The last valid spec with the current spec's pause and retry, so abort and retry still work. */
  private static <T> T lastValidWithControls(CustomResource<T, ?> task, TaskStatus status, Class<T> specType) {
    Map<String, Object> current = JSON.convertValue(task.getSpec(), new TypeReference<Map<String, Object>>() {});
    Map<String, Object> spec = new HashMap<>(status.getLastValidSpec());
    spec.put("paused", current.get("paused"));
    spec.put("retryNonce", current.get("retryNonce"));
    return JSON.convertValue(spec, specType);
  }

  /** The task the steps work on: itself, or with its last valid spec while the current one is invalid. */
  public P working() {
    return working;
  }

  public S status() {
    return task.getStatus();
  }

  /** The state before this pass. */
  public TaskState before() {
    return before;
  }

  /** Why the current spec is invalid, when it is. */
  public Optional<String> invalid() {
    return spec.ok() ? Optional.empty() : Optional.of(spec.error());
  }

  /** An invalid spec with no last valid one to go on with: nothing may be created. */
  public boolean invalidFromStart() {
    return !spec.ok() && working == task;
  }

  /**
   * Validate, the same for every kind: the spec; then, before the task has started, its clusters
   * (from the HBaseCluster informer: a probe result brings the next pass). Empty when the steps
   * may go on; else the pass ends with the status written.
   */
  public Optional<UpdateControl<P>> validate(boolean started, Context<P> context, EventRecorder events, String source,
      String destination) {
    if (invalidFromStart()) {
      return Optional.of(fail(context, events, spec.error()));
    }
    if (started) {
      return Optional.empty();
    }
    String namespace = task.getMetadata().getNamespace();
    ClusterCheck.Result clusters = ClusterCheck.check(name -> TaskClusters.get(context, namespace, name), namespace,
        source, destination);
    if (clusters.ok()) {
      return Optional.empty();
    }
    return Optional.of(clusters.retryLater() ? waitForClusters(context, events, clusters.message())
        : fail(context, events, clusters.message()));
  }

  /** FAILED, reason InvalidSpec: what the resource names cannot work; nothing is created. */
  private UpdateControl<P> fail(Context<P> context, EventRecorder events, String message) {
    S status = task.getStatus();
    Long generation = task.getMetadata().getGeneration();
    status.setState(TaskState.FAILED);
    status.setMessage(message);
    status.setObservedGeneration(generation);
    Conditions.set(status.getConditions(), Conditions.DEGRADED, true, LastValidSpec.REASON, message, generation);
    Conditions.set(status.getConditions(), Conditions.READY, false, LastValidSpec.REASON, message, generation);
    if (before != TaskState.FAILED) {
      events.warning(task, LastValidSpec.REASON, message);
    }
    return write(context, 0);
  }

  /** PENDING until both clusters answered a probe; their informer brings the next pass. */
  private UpdateControl<P> waitForClusters(Context<P> context, EventRecorder events, String message) {
    S status = task.getStatus();
    status.setState(TaskState.PENDING);
    status.setMessage(message);
    status.setObservedGeneration(task.getMetadata().getGeneration());
    Conditions.set(status.getConditions(), Conditions.PROGRESSING, true, "WaitingForClusters", message,
        task.getMetadata().getGeneration());
    if (before != TaskState.PENDING) {
      events.normal(task, "WaitingForClusters", message);
    }
    return write(context, 0);
  }

  /**
   * A spec made invalid after the start: the message and Degraded say so (the steps' own summary
   * is kept behind it), one Warning event per distinct problem. Call after the steps' summary.
   *
   * @param goesOn what goes on meanwhile, for the event
   */
  public void reportInvalidSpec(EventRecorder events, String goesOn) {
    if (spec.ok()) {
      return;
    }
    S status = task.getStatus();
    status.setMessage("spec invalid (" + spec.error() + "), running on with the last valid one; " + status.getMessage());
    LastValidSpec.markDegraded(status.getConditions(), spec.error(), task.getMetadata().getGeneration());
    if (!announced) {
      events.warning(task, LastValidSpec.REASON, spec.error() + "; " + goesOn);
    }
  }

  /** Writes the status when the pass changed it; looks again after {@code recheckMillis} (0: on events only). */
  public UpdateControl<P> write(Context<P> context, long recheckMillis) {
    UpdateControl<P> control = StatusWriter.writeIfChanged(task, context, seen);
    return recheckMillis > 0 ? control.rescheduleAfter(recheckMillis) : control;
  }
}
