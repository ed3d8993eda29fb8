package io.hbasetunnel.local.pods;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Owner references, the link garbage collection and the controllers follow. */
final class Owners {
  private Owners() {}

  static boolean controlledBy(HasMetadata object, String ownerUid) {
    return object.getMetadata().getOwnerReferences() != null && object.getMetadata().getOwnerReferences().stream()
        .anyMatch(r -> ownerUid.equals(r.getUid()) && Boolean.TRUE.equals(r.getController()));
  }
}
