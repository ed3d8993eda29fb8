package io.hbasetunnel.operator.fulldata;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.FollowOnStatus;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationStatus;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.TableMigrationStatus;
import io.hbasetunnel.operator.cluster.SourceRelease;
import io.hbasetunnel.operator.common.Degradation;
import io.hbasetunnel.operator.common.EventRecorder;
import io.hbasetunnel.operator.common.JobStep;
import io.hbasetunnel.operator.common.Labels;
import io.hbasetunnel.operator.common.PodHealth;
import io.hbasetunnel.operator.common.SourceCleanup;
import io.hbasetunnel.operator.common.SpecCheck;
import io.hbasetunnel.operator.common.StuckWorkers;
import io.hbasetunnel.operator.common.TaskClusters;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.TaskPass;
import io.hbasetunnel.operator.common.WorkerEvents;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.common.WorkerStatusReader;
import io.hbasetunnel.operator.common.WorkerView;
import io.fabric8.kubernetes.api.model.Event;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * FullDataMigration -> [arm Job, with a follow-on sync] -> per table: schema Job, copy (Indexed)
 * Job, bulkload Job, verify Job, one after the other -> [the follow-on IncrementalSync]. One
 * pass is a list of named steps: validate (the spec, then the clusters; TaskPass) -> observe (Jobs,
 * pods, the copies' live /status) -> plan (MigrationPlan) -> act (arm, TableSteps, follow-on) ->
 * update status (MigrationSummary). Everything is read from informers; the status is written
 * only when the pass changed it. The operator never writes spec.
 */
@ControllerConfiguration(name = "fulldatamigration")
public class FullDataMigrationReconciler implements Reconciler<FullDataMigration>, Cleaner<FullDataMigration> {
  /** Copies report progress on GET /status while they run; nothing announces it, so look again. */
  private static final long PROGRESS_POLL_MILLIS = 5_000;

  private final EventRecorder events;
  private final WorkerStatusReader statusReader;
  private final TableSteps tableSteps;
  private final FollowOn followOn;
  private final SourceCleanup sourceCleanup;
  private final MigrationSummary summary;
  private final MigrationCleanup cleanup;

  public FullDataMigrationReconciler(KubernetesClient client, WorkerSettings worker, SourceRelease release) {
    this.events = new EventRecorder(client);
    JobStep jobStep = new JobStep(client, events);
    this.statusReader = new WorkerStatusReader(worker.statusPort(), Duration.ofSeconds(2));
    this.tableSteps = new TableSteps(worker, jobStep);
    this.sourceCleanup = new SourceCleanup(client, release, events);
    this.followOn = new FollowOn(client, worker, jobStep, events);
    this.summary = new MigrationSummary(events);
    this.cleanup = new MigrationCleanup(client, worker, events, sourceCleanup, followOn);
  }

  @Override
  public List<EventSource<?, FullDataMigration>> prepareEventSources(EventSourceContext<FullDataMigration> context) {
    // Job changes (the job controller's status) are the events that move a migration on
    var jobs = InformerEventSourceConfiguration.from(Job.class, FullDataMigration.class)
        .withLabelSelector(Labels.KIND + "=FullDataMigration")
        .withSecondaryToPrimaryMapper(Labels::owningTask)
        .build();
    // the kubelet's word on the Jobs' pods (image pulls, scheduling): a pod that cannot start
    // never fails its Job, so it is reported as Degraded
    var pods = InformerEventSourceConfiguration.from(Pod.class, FullDataMigration.class)
        .withLabelSelector(Labels.KIND + "=FullDataMigration")
        .withSecondaryToPrimaryMapper(Labels::owningTask)
        .build();
    // the follow-on sync's state is the migration's once the tables are copied
    var syncs = InformerEventSourceConfiguration.from(IncrementalSync.class, FullDataMigration.class)
        .withLabelSelector(FollowOn.FOLLOWS)
        .withSecondaryToPrimaryMapper(s -> Set.of(new ResourceID(s.getMetadata().getLabels().get(FollowOn.FOLLOWS),
            s.getMetadata().getNamespace())))
        .build();
    var jobSource = new InformerEventSource<>(jobs, context);
    var podSource = new InformerEventSource<>(pods, context);
    // pods never created (admission, quota) or never started (volumes) show only in Events
    // a cluster probed (reachable, unreachable), created or deleted brings a pass of the tasks naming it
    var clusters = TaskClusters.source(FullDataMigration.class, context, t -> TaskClusters.names(t.getSpec().getSource(),
        t.getSpec().getDestination(), t.getStatus() == null ? null : t.getStatus().getLastValidSpec()));
    return List.of(jobSource, podSource, new InformerEventSource<>(syncs, context),
        WorkerEvents.source(FullDataMigration.class, context, jobSource, podSource), clusters);
  }

  @Override
  public UpdateControl<FullDataMigration> reconcile(FullDataMigration task, Context<FullDataMigration> context) {
    var pass = TaskPass.begin(task, FullDataMigrationStatus::new, FullDataMigration::new, FullDataMigrationSpec.class,
        MigrationSummary::started, SpecCheck::fullData);
    FullDataMigrationStatus status = pass.status();
    // validate: the spec, then (before the start) both clusters
    Optional<UpdateControl<FullDataMigration>> stop = pass.validate(MigrationSummary.started(status), context, events,
        task.getSpec().getSource(), task.getSpec().getDestination());
    if (stop.isPresent()) {
      return stop.get();
    }
    FullDataMigration working = pass.working();
    Map<String, String> targets = SpecCheck.fullData(working.getSpec()).targets();
    // observe, plan, act, update status
    Map<String, Job> jobs = observeJobs(working, context);
    MigrationPlan.plan(working, status, targets, jobs.values());
    WorkerView workers = observeWorkers(jobs, context);
    act(working, status, jobs, targets, workers, context);
    summary.update(working, status, pass.before(), degradation(working, jobs, workers, context));
    pass.reportInvalidSpec(events, "running Jobs are kept and the task goes on with its last valid spec until this is fixed");
    return pass.write(context, MigrationSummary.copying(status) ? PROGRESS_POLL_MILLIS : 0);
  }

  /** This task's Jobs by name; a Job left by a deleted predecessor of the same name is not ours. */
  private static Map<String, Job> observeJobs(FullDataMigration task, Context<FullDataMigration> context) {
    return context.getSecondaryResources(Job.class).stream()
        .filter(j -> WorkerJobs.ownedBy(j, task))
        .collect(Collectors.toMap(j -> j.getMetadata().getName(), Function.identity(), (a, b) -> a));
  }

  /**
   * The task's pods from the informer, and the live /status of the running copy and bulkload
   * workers: all of them at once, within one deadline.
   */
  private WorkerView observeWorkers(Map<String, Job> jobs, Context<FullDataMigration> context) {
    Set<String> serving = jobs.values().stream().filter(JobStep::servesStatus).map(j -> j.getMetadata().getName())
        .collect(Collectors.toSet());
    List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
    List<Pod> asked = pods.stream().filter(p -> p.getMetadata().getLabels() != null
        && serving.contains(p.getMetadata().getLabels().get("job-name"))
        && p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).toList();
    return new WorkerView(pods, asked.isEmpty() ? Map.of() : statusReader.read(asked));
  }

  /**
   * The arm Job first (with a follow-on sync: no snapshot before the WALs are pinned), then each
   * table's next step in spec order, then the follow-on sync once every table is done; a retry
   * nonce not yet seen restarts FAILED/KILLED sub-tasks.
   */
  private void act(FullDataMigration task, FullDataMigrationStatus status, Map<String, Job> jobs, Map<String, String> targets,
      WorkerView workers, Context<FullDataMigration> context) {
    boolean retry = task.getSpec().getRetryNonce() != null
        && !task.getSpec().getRetryNonce().equals(status.getObservedRetryNonce());
    boolean paused = Boolean.TRUE.equals(task.getSpec().getPaused());
    boolean armed = status.getFollowOn() == null || followOn.arm(task, targets, jobs, paused, retry, workers);
    if (armed) {
      for (TableMigrationStatus table : status.getTables()) {
        tableSteps.run(task, table, jobs, retry, status.getTables().indexOf(table), workers);
      }
    }
    if (status.getFollowOn() != null && armed && MigrationSummary.tableSubTasks(status).stream().allMatch(s -> s.getState().isDone())) {
      followOn.sync(task, targets, context);
      deleteSnapshots(task, status.getFollowOn());
    }
    status.setObservedRetryNonce(task.getSpec().getRetryNonce());
  }

  /** What degrades a migration that has not failed: pods that cannot start or are never made, its sync's problem. */
  private static Optional<Degradation> degradation(FullDataMigration task, Map<String, Job> jobs, WorkerView workers,
      Context<FullDataMigration> context) {
    List<Pod> pods = List.copyOf(workers.pods());
    return PodHealth.notStarting(pods).map(PodHealth::degradation)
        .or(() -> StuckWorkers.find(jobs.values(), List.of(), pods, context.getSecondaryResources(Event.class)))
        .or(() -> FollowOn.degradation(task, context.getSecondaryResources(IncrementalSync.class)));
  }

  /**
   * Copied and verified, the migration lives on with its follow-on sync: its snapshots are no
   * longer read (a retry never redoes a SUCCEEDED step), and each would keep every HFile the
   * source compacts away in its archive. Deleted once; tried again on later passes until done.
   */
  private void deleteSnapshots(FullDataMigration task, FollowOnStatus followOn) {
    if (!Boolean.TRUE.equals(followOn.getSnapshotsDeleted())
        && sourceCleanup.releaseNow(task, task.getSpec().getSource(), Set.of(), MigrationCleanup.ownSnapshots(task))) {
      followOn.setSnapshotsDeleted(true);
    }
  }

  /** This run's --task-id as recorded in status (TaskIdentity.runId before the first pass). */
  static String runId(FullDataMigration task) {
    return task.getStatus() != null && task.getStatus().getRunId() != null ? task.getStatus().getRunId()
        : TaskIdentity.runId(task);
  }

  /** {@code <task>-<table key>-<step>}: the table's identity, not its position in the list. */
  public static String jobName(FullDataMigration task, String tableKey, String step) {
    return TableSteps.jobName(task, tableKey, step);
  }

  @Override
  public DeleteControl cleanup(FullDataMigration deleted, Context<FullDataMigration> context) {
    return cleanup.cleanup(deleted, context);
  }
}
