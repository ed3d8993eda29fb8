package io.hbasetunnel.gateway;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The namespace's Kubernetes Events (the operator records one per state change), from a watch-fed cache. */
final class EventLog implements AutoCloseable {
  private final SharedIndexInformer<Event> cache;

  EventLog(KubernetesClient client, String namespace) {
    this.cache = client.v1().events().inNamespace(namespace).inform();
  }

  /** The newest {@code limit} events about one object, newest first. */
  List<Event> about(String kind, String name, int limit) {
    return cache.getStore().list().stream()
        .filter(e -> e.getInvolvedObject() != null && kind.equals(e.getInvolvedObject().getKind())
            && name.equals(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing(EventLog::instant, Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
        .limit(limit)
        .toList();
  }

  /** When it last happened (lastTimestamp, else eventTime, else firstTimestamp), as the API server wrote it. */
  static String time(Event event) {
    return Objects.requireNonNullElse(event.getLastTimestamp(),
        event.getEventTime() != null ? event.getEventTime().getTime() : event.getFirstTimestamp());
  }

  private static Instant instant(Event event) {
    String time = time(event);
    try {
      return time == null ? null : OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public void close() {
    cache.close();
  }
}
