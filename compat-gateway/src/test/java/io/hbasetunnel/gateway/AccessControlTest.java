package io.hbasetunnel.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LTS's whitelist prerequisite: allow-list, trusted proxies and bearer token, over real HTTP. */
@EnableKubernetesMockClient(crud = true)
class AccessControlTest {
  static KubernetesClient client;

  @Test
  void clientOutsideTheAllowListIsRefusedWith403() throws Exception {
    try (GatewayFixture gateway = new GatewayFixture(client, List.of("10.0.0.0/8"), List.of(), null)) {
      GatewayFixture.Answer answer = gateway.send("GET", "/hbase/fulldata", null, null);
      assertThat(answer.status()).isEqualTo(403);
      assertThat(answer.body().get("success").asText()).isEqualTo("false");
      assertThat(answer.body().get("message").asText()).contains("127.0.0.1 is not in the allow-list");
      // a forged X-Forwarded-For from a peer that is not a trusted proxy changes nothing
      assertThat(gateway.send("GET", "/hbase/fulldata", null, null, "X-Forwarded-For", "10.1.2.3").status()).isEqualTo(403);
    }
  }

  @Test
  void forwardedForIsBelievedOnlyFromTrustedProxies() throws Exception {
    try (GatewayFixture gateway = new GatewayFixture(client, List.of("10.0.0.0/8"), List.of("127.0.0.1/32"), null)) {
      assertThat(gateway.send("GET", "/hbase/fulldata", null, null, "X-Forwarded-For", "10.1.2.3").status()).isEqualTo(200);
      assertThat(gateway.send("GET", "/hbase/fulldata", null, null, "X-Forwarded-For", "192.168.1.9").status()).isEqualTo(403);
      // the right-most untrusted hop counts, not what the client wrote first
      assertThat(gateway.send("GET", "/hbase/fulldata", null, null, "X-Forwarded-For", "10.9.9.9, 192.168.1.9").status())
          .isEqualTo(403);
      assertThat(gateway.send("GET", "/hbase/fulldata", null, null).status()).isEqualTo(403);
    }
  }

  @Test
  void bearerTokenIsRequiredWhenConfigured() throws Exception {
    try (GatewayFixture gateway = new GatewayFixture(client, List.of("127.0.0.1/32", "::1/128"), List.of(), "s3cret")) {
      GatewayFixture.Answer none = gateway.send("GET", "/hbase/incr", null, null);
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.body().get("message").asText()).contains("Authorization: Bearer").doesNotContain("s3cret");
      assertThat(gateway.send("GET", "/hbase/incr", null, null, "Authorization", "Bearer wrong").status()).isEqualTo(401);
      assertThat(gateway.send("GET", "/hbase/incr", null, null, "Authorization", "Bearer s3cret").status()).isEqualTo(200);
    }
  }

  @Test
  void cidrRangesMatchIpv4AndIpv6Prefixes() throws Exception {
    assertThat(CidrRange.parse("10.0.0.0/8").contains(InetAddress.getByName("10.255.1.2"))).isTrue();
    assertThat(CidrRange.parse("10.0.0.0/8").contains(InetAddress.getByName("11.0.0.1"))).isFalse();
    assertThat(CidrRange.parse("192.168.4.0/22").contains(InetAddress.getByName("192.168.7.255"))).isTrue();
    assertThat(CidrRange.parse("192.168.4.0/22").contains(InetAddress.getByName("192.168.8.0"))).isFalse();
    assertThat(CidrRange.parse("fd00::/8").contains(InetAddress.getByName("fd12::1"))).isTrue();
    assertThat(CidrRange.parse("fd00::/8").contains(InetAddress.getByName("10.0.0.1"))).isFalse();
    assertThat(CidrRange.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8"))).isTrue();
    assertThatThrownBy(() -> CidrRange.parse("example.com/8")).hasMessageContaining("is not an IP range");
    assertThatThrownBy(() -> CidrRange.parse("10.0.0.0/33")).hasMessageContaining("prefix length must be 0..32");
  }
}
