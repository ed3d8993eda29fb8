package io.hbasetunnel.local.pods;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warning Events as the job controller and the kubelet record them: one Event per object and
 * reason, its count and lastTimestamp raised on each repeat (as the API's event aggregation does),
 * and not more often than every {@link #REPEAT} while the cause lasts (they retry with a back-off).
 */
final class ControllerEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerEvents.class);
  static final Duration REPEAT = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final Map<String, Instant> lastRecorded = new ConcurrentHashMap<>();

  ControllerEvents(KubernetesClient client) {
    this.client = client;
  }

  void warning(HasMetadata about, String kind, String apiVersion, String component, String reason, String message) {
    String key = about.getMetadata().getUid() + "/" + reason;
    Instant now = Instant.now();
    Instant last = lastRecorded.get(key);
    if (last != null && last.plus(REPEAT).isAfter(now)) {
      return;
    }
    lastRecorded.put(key, now);
    String namespace = about.getMetadata().getNamespace();
    String name = about.getMetadata().getName() + "." + Integer.toHexString(key.hashCode());
    try {
      Event existing = client.v1().events().inNamespace(namespace).withName(name).get();
      if (existing != null) {
        existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
        existing.setLastTimestamp(now.toString());
        existing.setMessage(message);
        client.resource(existing).update();
        return;
      }
      client.resource(new EventBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder().withKind(kind).withApiVersion(apiVersion)
              .withName(about.getMetadata().getName()).withNamespace(namespace).withUid(about.getMetadata().getUid()).build())
          .withType("Warning").withReason(reason).withMessage(message).withCount(1)
          .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString())
          .withNewSource().withComponent(component).endSource().build()).create();
    } catch (RuntimeException e) {
      LOG.debug("event {} on {} not recorded: {}", reason, about.getMetadata().getName(), e.getMessage());
    }
  }

  /** The cause is gone: the next occurrence is recorded at once. */
  void resolved(HasMetadata about, String reason) {
    lastRecorded.remove(about.getMetadata().getUid() + "/" + reason);
  }
}
