package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Writes a task's status (a PUT of the status subresource, optimistic on resourceVersion and
 * retried on a conflict) and puts the result in JOSDK's cache, so the next pass starts from what this
 * one wrote and not from an informer that has not caught up: a state change is seen, and
 * announced with an Event, once. A pass that changed nothing in the status writes nothing:
 * {@link #seen} takes the status as the pass found it, {@link #writeIfChanged} compares.
 */
public final class StatusWriter {
  private StatusWriter() {}

  /** The status as a pass found it (a hash of its JSON; none yet: a first write is due). */
  public static String seen(Object status) {
    return status == null ? "" : SpecHash.of(status);
  }

  /** Writes the status when it differs from what the pass found ({@link #seen}). */
  public static <S, P extends CustomResource<?, S>> UpdateControl<P> writeIfChanged(P task, Context<P> context, String seen) {
    return seen.equals(SpecHash.of(task.getStatus())) ? UpdateControl.noUpdate() : write(task, context);
  }

  public static <S, P extends CustomResource<?, S>> UpdateControl<P> write(P task, Context<P> context) {
    S status = task.getStatus();
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(task, context, fresh -> {
      fresh.setStatus(status);
      return fresh;
    });
    return UpdateControl.noUpdate();
  }
}
