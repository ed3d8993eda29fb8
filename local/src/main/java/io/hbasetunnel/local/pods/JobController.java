package io.hbasetunnel.local.pods;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The job controller's part for one Job at a time: Pods for the missing completions (Indexed: one per
 * index, with JOB_COMPLETION_INDEX and the completion-index annotation), at most {@code parallelism}
 * at once, each one only if admission lets it ({@link Admission}: else a FailedCreate Event on the Job, as
 * the job controller records, and the Job's status says nothing); the Job fails on a FailJob pod failure policy rule, after {@code backoffLimit} failed pods or
 * past {@code activeDeadlineSeconds}, and completes when every completion succeeded. Failed pods are
 * replaced after a short back-off.
 */
final class JobController {
  static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final Consumer<Pod> deletePod;
  private final ControllerEvents events;

  /** @param deletePod stops a pod's process and deletes it */
  JobController(KubernetesClient client, Consumer<Pod> deletePod) {
    this.client = client;
    this.deletePod = deletePod;
    this.events = new ControllerEvents(client);
  }

  void sync(Job job, List<Pod> allPods) {
    if (job.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String uid = job.getMetadata().getUid();
    List<Pod> pods = allPods.stream().filter(p -> Owners.controlledBy(p, uid)).toList();
    JobStatus old = job.getStatus() == null ? new JobStatus() : job.getStatus();
    if (finished(old)) {
      pods.stream().filter(JobController::active).forEach(deletePod);
      return;
    }
    boolean indexed = "Indexed".equals(job.getSpec().getCompletionMode());
    int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
    int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
    int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();

    List<Pod> active = pods.stream().filter(JobController::active).toList();
    List<Pod> succeeded = pods.stream().filter(p -> "Succeeded".equals(phase(p))).toList();
    List<Pod> failed = pods.stream().filter(p -> "Failed".equals(phase(p))).toList();
    TreeSet<Integer> completedIndexes = new TreeSet<>();
    succeeded.forEach(p -> completedIndexes.add(index(p)));

    Instant start = old.getStartTime() == null ? Instant.now() : Instant.parse(old.getStartTime());
    JobStatusBuilder status = new JobStatusBuilder().withStartTime(start.toString());
    JobCondition end = null;
    int countedFailures = 0;
    for (Pod pod : failed) {
      String action = failurePolicyAction(job, pod);
      if ("FailJob".equals(action)) {
        end = condition("Failed", "PodFailurePolicy", "Container " + containerName(pod) + " for pod "
            + pod.getMetadata().getName() + " failed with exit code " + exitCode(pod) + " matching FailJob rule");
        break;
      }
      if (!"Ignore".equals(action)) {
        countedFailures++;
      }
    }
    if (end == null && countedFailures > backoffLimit) {
      end = condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    }
    Long deadline = job.getSpec().getActiveDeadlineSeconds();
    if (end == null && deadline != null && Instant.now().isAfter(start.plusSeconds(deadline))) {
      end = condition("Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
    }
    boolean complete = indexed ? completedIndexes.size() >= completions : succeeded.size() >= completions;
    if (end == null && complete) {
      end = condition("Complete", null, null);
    }
    int activeCount = active.size();
    if (end != null) {
      active.forEach(deletePod);
      activeCount = 0;
      status.withCompletionTime("Complete".equals(end.getType()) ? Instant.now().toString() : null).withConditions(end);
    } else if (!recentlyFailed(failed)) {
      activeCount += createPods(job, indexed, completions, parallelism, active, completedIndexes, succeeded.size());
    }
    status.withActive(activeCount).withSucceeded(succeeded.size()).withFailed(failed.size()).withReady(activeCount)
        .withCompletedIndexes(indexed ? ranges(completedIndexes) : null);
    JobStatus next = status.build();
    if (!Objects.equals(withoutTimes(next), withoutTimes(old))) {
      client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
          .editStatus(j -> {
            j.setStatus(next);
            return j;
          });
    }
  }

  private int createPods(Job job, boolean indexed, int completions, int parallelism, List<Pod> active,
      Set<Integer> completedIndexes, int succeeded) {
    int created = 0;
    if (indexed) {
      Set<Integer> running = new TreeSet<>();
      active.forEach(p -> running.add(index(p)));
      for (int i = 0; i < completions && active.size() + created < parallelism; i++) {
        if (!completedIndexes.contains(i) && !running.contains(i)) {
          if (!createPod(job, i)) {
            return created;
          }
          created++;
        }
      }
    } else {
      while (active.size() + created < parallelism && active.size() + created + succeeded < completions) {
        if (!createPod(job, null)) {
          return created;
        }
        created++;
      }
    }
    return created;
  }

  /** Creates the pod unless admission refuses it: then, as the job controller, a FailedCreate Event on the Job. */
  private boolean createPod(Job job, Integer index) {
    Pod pod = newPod(job, index);
    Optional<String> refused = Admission.refusal(client, pod, client.pods().inNamespace(job.getMetadata().getNamespace()).list().getItems());
    if (refused.isPresent()) {
      events.warning(job, "Job", "batch/v1", "job-controller", "FailedCreate", "Error creating: " + refused.get());
      return false;
    }
    events.resolved(job, "FailedCreate");
    client.resource(pod).create();
    return true;
  }

  private Pod newPod(Job job, Integer index) {
    String name = job.getMetadata().getName() + "-" + (index == null ? "" : index + "-") + suffix();
    Map<String, String> labels = new HashMap<>();
    if (job.getSpec().getTemplate().getMetadata() != null && job.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put("job-name", job.getMetadata().getName());
    labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
    labels.put("controller-uid", job.getMetadata().getUid());
    Map<String, String> annotations = new HashMap<>();
    if (job.getSpec().getTemplate().getMetadata() != null && job.getSpec().getTemplate().getMetadata().getAnnotations() != null) {
      annotations.putAll(job.getSpec().getTemplate().getMetadata().getAnnotations());
    }
    var spec = Serialization.clone(job.getSpec().getTemplate().getSpec());
    if (index != null) {
      labels.put(INDEX_ANNOTATION, String.valueOf(index));
      annotations.put(INDEX_ANNOTATION, String.valueOf(index));
      // as Kubernetes does: the index reaches the container through the downward API
      EnvVar env = new EnvVarBuilder().withName("JOB_COMPLETION_INDEX").withNewValueFrom().withNewFieldRef()
          .withFieldPath("metadata.annotations['" + INDEX_ANNOTATION + "']").endFieldRef().endValueFrom().build();
      spec.getContainers().forEach(c -> {
        List<EnvVar> vars = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
        vars.add(0, env);
        c.setEnv(vars);
      });
    }
    Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels).withAnnotations(annotations)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
            .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid()).withController(true)
            .withBlockOwnerDeletion(true).build())
        .endMetadata().withSpec(spec).build();
    return pod;
  }

  /** The action of the first rule that matches a failed pod's exit code: FailJob, Ignore, Count, or null. */
  private static String failurePolicyAction(Job job, Pod pod) {
    if (job.getSpec().getPodFailurePolicy() == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (PodFailurePolicyRule rule : job.getSpec().getPodFailurePolicy().getRules()) {
      PodFailurePolicyOnExitCodesRequirement codes = rule.getOnExitCodes();
      if (codes == null) {
        continue;
      }
      for (var status : pod.getStatus().getContainerStatuses()) {
        if (status.getState() == null || status.getState().getTerminated() == null
            || (codes.getContainerName() != null && !codes.getContainerName().equals(status.getName()))) {
          continue;
        }
        int code = status.getState().getTerminated().getExitCode();
        boolean in = codes.getValues().contains(code);
        if ("In".equals(codes.getOperator()) ? in : !in && code != 0) {
          return rule.getAction();
        }
      }
    }
    return null;
  }

  private static boolean recentlyFailed(List<Pod> failed) {
    Instant cutoff = Instant.now().minus(RETRY_BACKOFF);
    return failed.stream().anyMatch(p -> {
      var t = terminated(p);
      return t != null && t.getFinishedAt() != null && Instant.parse(t.getFinishedAt()).isAfter(cutoff);
    });
  }

  static boolean active(Pod pod) {
    String phase = phase(pod);
    return !"Succeeded".equals(phase) && !"Failed".equals(phase) && pod.getMetadata().getDeletionTimestamp() == null;
  }

  private static boolean finished(JobStatus status) {
    return status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private static int index(Pod pod) {
    String value = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(INDEX_ANNOTATION);
    return value == null ? 0 : Integer.parseInt(value);
  }

  private static io.fabric8.kubernetes.api.model.ContainerStateTerminated terminated(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream().filter(s -> s.getState() != null && s.getState().getTerminated() != null)
        .map(s -> s.getState().getTerminated()).findFirst().orElse(null);
  }

  private static Integer exitCode(Pod pod) {
    var t = terminated(pod);
    return t == null ? null : t.getExitCode();
  }

  private static String containerName(Pod pod) {
    return pod.getSpec().getContainers().get(0).getName();
  }

  private static JobCondition condition(String type, String reason, String message) {
    String now = Instant.now().toString();
    return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
        .withLastProbeTime(now).withLastTransitionTime(now).build();
  }

  /** completedIndexes as Kubernetes writes it: "0-2,5". */
  static String ranges(TreeSet<Integer> indexes) {
    StringBuilder out = new StringBuilder();
    Integer first = null;
    Integer prev = null;
    for (int i : indexes) {
      if (prev != null && i == prev + 1) {
        prev = i;
        continue;
      }
      append(out, first, prev);
      first = i;
      prev = i;
    }
    append(out, first, prev);
    return out.toString();
  }

  private static void append(StringBuilder out, Integer first, Integer last) {
    if (first == null) {
      return;
    }
    if (out.length() > 0) {
      out.append(',');
    }
    out.append(first);
    if (!first.equals(last)) {
      out.append('-').append(last);
    }
  }

  private static JobStatus withoutTimes(JobStatus status) {
    JobStatus copy = Serialization.clone(status);
    copy.setStartTime(null);
    copy.setCompletionTime(null);
    if (copy.getConditions() != null) {
      copy.getConditions().forEach(c -> {
        c.setLastProbeTime(null);
        c.setLastTransitionTime(null);
      });
    }
    return copy;
  }

  static String suffix() {
    String chars = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      s.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
    }
    return s.toString();
  }
}
