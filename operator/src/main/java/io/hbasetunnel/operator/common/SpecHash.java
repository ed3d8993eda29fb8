package io.hbasetunnel.operator.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.Map;

/**
 * A hash of the spec the operator wants, kept in an annotation on the object it made. A real API
 * server fills defaults into what it stores (imagePullPolicy, dnsPolicy, strategy parameters...),
 * so comparing our spec with the stored one field by field always finds a difference; comparing
 * our own hash with the one we stored does not. The object is updated only when the hash changes.
 */
public final class SpecHash {
  public static final String ANNOTATION = "hbasetunnel.io/spec-hash";
  /** Map keys sorted: the same spec gives the same hash in every JVM (Map.of order is not stable). */
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private SpecHash() {}

  public static String of(Object spec) {
    try {
      return Names.hash(JSON.writeValueAsString(spec), 16);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stores the hash of {@code spec} on {@code object}. */
  public static void stamp(HasMetadata object, Object spec) {
    Map<String, String> annotations = object.getMetadata().getAnnotations() == null ? new HashMap<>()
        : new HashMap<>(object.getMetadata().getAnnotations());
    annotations.put(ANNOTATION, of(spec));
    object.getMetadata().setAnnotations(annotations);
  }

  public static String stored(HasMetadata object) {
    return object.getMetadata().getAnnotations() == null ? null : object.getMetadata().getAnnotations().get(ANNOTATION);
  }
}
