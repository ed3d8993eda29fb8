package io.hbasetunnel.operator.fulldata;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hbasetunnel.operator.common.Labels;
import io.hbasetunnel.operator.common.RunIds;
import io.hbasetunnel.operator.common.WorkerJobs;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a step's Job among the task's own Jobs by what it is, not only by the name this operator
 * would give it: after an upgrade that names Jobs differently, a Job the previous operator made
 * is still the step's (observed, never re-rendered; a retry replaces it under the new name).
 */
final class StepJobs {
  private StepJobs() {}

  /**
   * By {@code name}; else a Job of this step ({@code hbasetunnel.io/subtask}) for this table
   * (its source/target-table annotations); else, for Jobs from before those annotations, by
   * {@code legacyName} (null: none).
   */
  static Optional<Job> find(Map<String, Job> jobs, String name, String step, String source, String target, String legacyName) {
    Job byName = jobs.get(name);
    if (byName != null) {
      return Optional.of(byName);
    }
    Optional<Job> byIdentity = jobs.values().stream()
        .filter(j -> step.equals(label(j, Labels.SUBTASK)))
        .filter(j -> source == null || (source.equals(annotation(j, WorkerJobs.SOURCE_TABLE))
            && Objects.equals(target, annotation(j, WorkerJobs.TARGET_TABLE))))
        .findFirst();
    return byIdentity.isPresent() || legacyName == null ? byIdentity : Optional.ofNullable(jobs.get(legacyName))
        .filter(j -> annotation(j, WorkerJobs.SOURCE_TABLE) == null);
  }

  /** The run (--task-id, else --sync-id) the task's existing Jobs work for, as recorded on them. */
  static Optional<String> runIdOf(Collection<Job> jobs) {
    return jobs.stream().map(RunIds::of).flatMap(Optional::stream).findFirst();
  }

  private static String label(Job job, String key) {
    return job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get(key);
  }

  private static String annotation(Job job, String key) {
    return job.getMetadata().getAnnotations() == null ? null : job.getMetadata().getAnnotations().get(key);
  }
}
