package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Result of the last connectivity probe. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HBaseClusterStatus {
  private Boolean reachable;
  private String hbaseVersion;
  /** RFC 3339. */
  private String lastProbeTime;
  private String message;
  /** The address LTS shows as src/dst: the ZooKeeper quorum. */
  private String address;
  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();
}
