package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Writes a task's status (a PUT of the status subresource, optimistic on resourceVersion and
 * retried on a conflict) and puts the result in JOSDK's cache, so the next pass starts from what this
 * one wrote and not from an informer that has not caught up: a state change is seen, and
 * announced with an Event, once.
 */
public final class StatusWriter {
  private StatusWriter() {}

  public static <S, P extends CustomResource<?, S>> UpdateControl<P> write(P task, Context<P> context) {
    S status = task.getStatus();
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(task, context, fresh -> {
      fresh.setStatus(status);
      return fresh;
    });
    return UpdateControl.noUpdate();
  }
}
