package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Drives one sub-task through its Job: create it when due, read its outcome, stop it on abort,
 * and on retry replace a FAILED/KILLED attempt's Job with a new attempt. Finished sub-tasks are
 * never redone. Each call is idempotent; Job events bring the next call.
 */
public final class JobStep {
  private final KubernetesClient client;
  private final EventRecorder events;

  public JobStep(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  /** What the owner should do after this step. */
  public enum Next {
    /** The sub-task is done (SUCCEEDED or SKIPPED): go on to the next one. */
    CONTINUE,
    /** Running, waiting, stopped or failed: nothing more for this table now. */
    WAIT
  }

  /**
   * @param workers the task's pods from the informer cache and their live /status answers
   */
  public record Request(io.fabric8.kubernetes.api.model.HasMetadata owner, SubTask subTask, String jobName,
      Optional<Job> job, boolean paused, boolean retry, Supplier<Job> newJob, String label, WorkerView workers) {}

  public Next drive(Request r) {
    SubTask sub = r.subTask();
    if (sub.getState() != null && sub.getState().isDone()) {
      return Next.CONTINUE;
    }
    Job job = r.job().orElse(null);
    if (r.paused()) {
      if (job != null && isActive(job)) {
        delete(job);
      }
      if (sub.getState() == TaskState.RUNNING) {
        transition(r, TaskState.KILLED, "stopped by abort; retry resumes from the checkpoints");
      }
      return Next.WAIT;
    }
    if ((sub.getState() == TaskState.FAILED || sub.getState() == TaskState.KILLED) && r.retry()) {
      sub.setAttempts(attempts(sub) + 1);
      transition(r, TaskState.PENDING, "retry requested");
    }
    if (sub.getState() == TaskState.FAILED || sub.getState() == TaskState.KILLED) {
      return Next.WAIT;
    }
    if (job != null && sub.getAttempts() == null) {
      // the status write that recorded this Job's creation was lost (e.g. the operator restarted)
      sub.setAttempts(WorkerJobs.attemptOf(job));
    }
    if (job != null && WorkerJobs.attemptOf(job) != attempts(sub)) {
      // the Job of an earlier attempt: remove it; its deletion event brings the next call
      delete(job);
      return Next.WAIT;
    }
    if (job == null) {
      if (sub.getAttempts() == null) {
        sub.setAttempts(1);
      }
      try {
        client.resource(r.newJob().get()).create();
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // a Job of that name that is not ours: a deleted predecessor's, on its way out; its
        // deletion event brings the next call
        return Next.WAIT;
      }
      sub.setStartTime(Instant.now().toString());
      transition(r, TaskState.RUNNING, "started " + r.jobName());
      return Next.WAIT;
    }
    return observe(r, job);
  }

  private Next observe(Request r, Job job) {
    SubTask sub = r.subTask();
    List<Pod> pods = pods(job, r.workers());
    WorkerReport report = WorkerReport.of(pods, r.workers().live());
    if (report.progress() != null) {
      sub.setProgress(report.progress());
    }
    if (hasCondition(job, "Complete") || succeededAll(job)) {
      sub.setEndTime(Instant.now().toString());
      transition(r, report.skipped() ? TaskState.SKIPPED : TaskState.SUCCEEDED,
          report.message() != null ? report.message() : "done");
      return Next.CONTINUE;
    }
    if (hasCondition(job, "Failed")) {
      sub.setEndTime(Instant.now().toString());
      String reason = report.message() != null ? report.message() : conditionMessage(job, "Failed");
      transition(r, TaskState.FAILED, reason);
      return Next.WAIT;
    }
    if (sub.getState() != TaskState.RUNNING) {
      transition(r, TaskState.RUNNING, "running " + r.jobName());
    }
    return Next.WAIT;
  }

  private void transition(Request r, TaskState state, String message) {
    SubTask sub = r.subTask();
    if (sub.getState() == state && message.equals(sub.getMessage())) {
      return;
    }
    TaskState before = sub.getState();
    sub.setState(state);
    sub.setMessage(message);
    if (before != state) {
      String text = r.label() + " " + sub.getName() + ": " + (before == null ? "" : before + " -> ") + state + " (" + message + ")";
      if (state == TaskState.FAILED) {
        events.warning(r.owner(), "SubTaskFailed", text);
      } else {
        events.normal(r.owner(), "SubTask" + EventReasons.of(state), text);
      }
    }
  }

  /**
   * The Job's pods from the task's cached ones. A Job that just ended whose ended pod the pod
   * informer has not brought yet (two watches, no order between them) is read once from the API
   * server: its termination message is the step's report, and an ended step is not looked at again.
   */
  public List<Pod> pods(Job job, WorkerView workers) {
    List<Pod> pods = workers.of(job.getMetadata().getName());
    if (isActive(job) || pods.stream().anyMatch(JobStep::ended)) {
      return pods;
    }
    return client.pods().inNamespace(job.getMetadata().getNamespace())
        .withLabel("job-name", job.getMetadata().getName()).list().getItems();
  }

  private static boolean ended(Pod pod) {
    return pod.getStatus() != null && ("Succeeded".equals(pod.getStatus().getPhase()) || "Failed".equals(pod.getStatus().getPhase()));
  }

  private void delete(Job job) {
    client.resource(job).withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
  }

  /** Only workers started with --status-port (container port {@code status}) are asked. */
  public static boolean servesStatus(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().stream()
        .anyMatch(c -> c.getPorts() != null && c.getPorts().stream().anyMatch(p -> "status".equals(p.getName())));
  }

  private static boolean isActive(Job job) {
    return !hasCondition(job, "Complete") && !hasCondition(job, "Failed");
  }

  private static boolean succeededAll(Job job) {
    Integer completions = job.getSpec().getCompletions();
    Integer succeeded = job.getStatus() == null ? null : job.getStatus().getSucceeded();
    return completions != null && succeeded != null && succeeded >= completions;
  }

  private static boolean hasCondition(Job job, String type) {
    return job.getStatus() != null && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String conditionMessage(Job job, String type) {
    return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
        .map(c -> (c.getReason() == null ? "" : c.getReason() + ": ") + (c.getMessage() == null ? "" : c.getMessage()))
        .findFirst().orElse("failed");
  }

  private static int attempts(SubTask sub) {
    return sub.getAttempts() == null ? 1 : sub.getAttempts();
  }


}
