package io.hbasetunnel.api.v1alpha1;

/** The LTS state vocabulary, used for tasks and sub-tasks alike. */
public enum TaskState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Stopped by abort ({@code spec.paused=true}); {@code retry} resumes it. */
  KILLED,
  /** Nothing to do, e.g. a schema task when the table already exists compatibly. */
  SKIPPED;

  /** True when nothing more will happen without a retry. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == KILLED || this == SKIPPED;
  }

  /** True for the states that count as done in a workflow. */
  public boolean isDone() {
    return this == SUCCEEDED || this == SKIPPED;
  }
}
