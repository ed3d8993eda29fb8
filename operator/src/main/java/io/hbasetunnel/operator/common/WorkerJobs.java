package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import io.hbasetunnel.contract.ExitCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs that run one worker command. The exit codes that mean a rerun gives the same answer (the
 * contract's {@link ExitCode#failJobCodes()}: bad input, verify found differences) fail the Job at
 * once through a pod failure policy; other failures are retried by the Job's backoff, and the
 * worker resumes from its checkpoints.
 */
public final class WorkerJobs {
  public static final String ATTEMPT = "hbasetunnel.io/attempt";
  public static final String SOURCE_TABLE = "hbasetunnel.io/source-table";
  public static final String TARGET_TABLE = "hbasetunnel.io/target-table";
  /** The run a Job works for (its command's --task-id, else --sync-id): read back from here, never from the args. */
  public static final String RUN_ID = "hbasetunnel.io/run-id";
  private static final int BACKOFF_LIMIT = 3;

  private WorkerJobs() {}

  /**
   * @param shards 1 for a plain Job; N for an Indexed Job of N pods (the worker reads
   *     JOB_COMPLETION_INDEX and SHARD_COUNT)
   * @param owned false for Jobs that must outlive their task (cleanup after delete)
   */
  public static Job job(HasMetadata owner, String name, String subtask, int attempt, WorkerSettings settings,
      String source, String destination, WorkerCommand command, int shards, boolean owned) {
    Map<String, String> labels = new HashMap<>(Labels.of(owner, subtask));
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("SHARD_COUNT", String.valueOf(shards), null));
    JobBuilder job = new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations(attempt, command))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(BACKOFF_LIMIT)
        .withCompletions(shards)
        .withParallelism(shards)
        .withCompletionMode(shards > 1 ? "Indexed" : "NonIndexed")
        .withNewPodFailurePolicy()
        .withRules(new PodFailurePolicyRuleBuilder().withAction("FailJob")
            .withNewOnExitCodes().withContainerName(WorkerPods.CONTAINER).withOperator("In")
            .withValues(ExitCode.failJobCodes()).endOnExitCodes()
            .build())
        .endPodFailurePolicy()
        .withActiveDeadlineSeconds(settings.jobDeadlineSeconds() == null || settings.jobDeadlineSeconds() <= 0 ? null
            : settings.jobDeadlineSeconds())
        .withTemplate(WorkerPods.template(settings, labels, source, destination, command, env, "Never"))
        .endSpec();
    if (owned) {
      job.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
          .withKind(owner.getKind()).withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
          .withController(true).withBlockOwnerDeletion(true).build()).endMetadata();
    } else {
      job.editSpec().withTtlSecondsAfterFinished(3600).endSpec();
    }
    Job built = job.build();
    // a Job's pod template cannot be changed: the hash only tells what a Job was made from
    SpecHash.stamp(built, built.getSpec());
    return built;
  }

  private static Map<String, String> annotations(int attempt, WorkerCommand command) {
    Map<String, String> annotations = new HashMap<>(Map.of(ATTEMPT, String.valueOf(attempt)));
    command.typed().runId().ifPresent(id -> annotations.put(RUN_ID, id));
    return annotations;
  }

  /**
   * A sync's arm Job ({@code wal-sync --arm-only}) fails at once also on the codes that fail a sync
   * ({@link ExitCode#failArmJobCodes()}: a WAL from the start time is gone already, no retry brings it back).
   */
  public static Job failsAtOnceAsSyncArm(Job job) {
    job.getSpec().getPodFailurePolicy().getRules().forEach(rule -> {
      if (rule.getOnExitCodes() != null) {
        rule.getOnExitCodes().setValues(new ArrayList<>(ExitCode.failArmJobCodes()));
      }
    });
    SpecHash.stamp(job, job.getSpec());
    return job;
  }

  /**
   * The worker serves GET /status on {@code port} while it runs: the flag is in its command, the
   * port named {@code status} on its container.
   */
  public static Job withStatusPort(Job job, int port) {
    job.getSpec().getTemplate().getSpec().getContainers().get(0).setPorts(List.of(
        new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withName("status").withContainerPort(port).build()));
    SpecHash.stamp(job, job.getSpec());
    return job;
  }

  /** Records which table a Job works on (table names may hold ':', which a label cannot). */
  public static Job forTable(Job job, String source, String target) {
    job.getMetadata().getAnnotations().put(SOURCE_TABLE, source);
    job.getMetadata().getAnnotations().put(TARGET_TABLE, target);
    return job;
  }

  /** Whether {@code owner} (this very resource, by uid) owns the Job (or other object). */
  public static boolean ownedBy(HasMetadata job, HasMetadata owner) {
    return job.getMetadata().getOwnerReferences() != null && job.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> owner.getMetadata().getUid().equals(o.getUid()));
  }

  public static int attemptOf(Job job) {
    String value = job.getMetadata().getAnnotations() == null ? null : job.getMetadata().getAnnotations().get(ATTEMPT);
    return value == null ? 0 : Integer.parseInt(value);
  }
}
