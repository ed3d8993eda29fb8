package io.hbasetunnel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TargetTables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetTablesTest {
  @Test
  void ownNameThenTableMappingThenNamespaceMappingThenTheSourceName() {
    ExtraAttrs extra = new ExtraAttrs();
    extra.setTableMapping(Map.of("t1", "ns2:t1_copy", "prod:orders", "orders_v2"));
    extra.setNamespaceMapping(Map.of("prod", "staging", "default", "moved"));
    assertThat(TargetTables.targetOf(new TableSpec("t1", "own:name", null), extra)).isEqualTo("own:name");
    assertThat(TargetTables.targetOf(new TableSpec("t1"), extra)).isEqualTo("ns2:t1_copy");
    assertThat(TargetTables.targetOf(new TableSpec("default:t1"), extra)).isEqualTo("ns2:t1_copy");
    assertThat(TargetTables.targetOf(new TableSpec("prod:orders"), extra)).isEqualTo("orders_v2");
    assertThat(TargetTables.targetOf(new TableSpec("prod:users"), extra)).isEqualTo("staging:users");
    assertThat(TargetTables.targetOf(new TableSpec("t2"), extra)).isEqualTo("moved:t2");
    assertThat(TargetTables.targetOf(new TableSpec("other:t3"), extra)).isEqualTo("other:t3");
    assertThat(TargetTables.targetOf(new TableSpec("t3"), null)).isEqualTo("t3");
  }

  @Test
  void twoTablesToOneDestinationAreRefusedWithBothNames() {
    ExtraAttrs extra = new ExtraAttrs();
    extra.setTableMapping(Map.of("a", "same", "b", "default:same"));
    assertThatThrownBy(() -> TargetTables.resolve(List.of(new TableSpec("a"), new TableSpec("b")), extra))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tables a and b would both be copied to");
    assertThat(TargetTables.resolve(List.of(new TableSpec("a"), new TableSpec("c")), extra))
        .containsExactly(Map.entry("a", "same"), Map.entry("c", "c"));
  }
}
