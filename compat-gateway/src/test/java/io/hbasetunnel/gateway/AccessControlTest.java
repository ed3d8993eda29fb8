package io.hbasetunnel.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
  void forwardedForIsReadAcrossAllItsHeaderLines() throws Exception {
    try (GatewayFixture gateway = new GatewayFixture(client, List.of("10.0.0.0/8"), List.of("127.0.0.1/32", "172.16.0.0/12"),
        null)) {
      // one list "192.168.1.9, 10.1.2.3": the right-most hop is the client
      assertThat(curlStatus(gateway, "X-Forwarded-For: 192.168.1.9", "X-Forwarded-For: 10.1.2.3")).isEqualTo(200);
      assertThat(curlStatus(gateway, "X-Forwarded-For: 10.1.2.3", "X-Forwarded-For: 192.168.1.9")).isEqualTo(403);
      // a trusted proxy's own line is skipped: 10.1.2.3 is the client
      assertThat(curlStatus(gateway, "X-Forwarded-For: 192.168.1.9, 10.1.2.3", "X-Forwarded-For: 172.16.0.5"))
          .isEqualTo(200);
      assertThat(curlStatus(gateway, "X-Forwarded-For: 10.1.2.3, 192.168.1.9", "X-Forwarded-For: 172.16.0.5"))
          .isEqualTo(403);
    }
  }

  @Test
  void hostNamesInForwardedForAreNeverLookedUp() throws Exception {
    // the proxy itself is allowed: a hop that could not be placed must not fall back to it
    try (GatewayFixture gateway = new GatewayFixture(client, List.of("127.0.0.1/32", "10.0.0.0/8"), List.of("127.0.0.1/32"),
        null)) {
      for (String hop : List.of("dead.beef", "localhost", "10.1.2.3.nip.io", "127.1", "010.1.2.3", "cafe")) {
        long start = System.nanoTime();
        GatewayFixture.Answer answer = gateway.send("GET", "/hbase/fulldata", null, null, "X-Forwarded-For", hop);
        assertThat(answer.status()).as("%s: %s", hop, answer.raw()).isEqualTo(403);
        assertThat(answer.body().get("message").asText()).contains("is not an IP address");
        // a resolver timeout takes seconds; where DNS fails fast, the 403 above is what tells
        assertThat(System.nanoTime() - start).as("no DNS lookup for %s", hop).isLessThan(2_000_000_000L);
      }
      assertThat(gateway.send("GET", "/hbase/fulldata", null, null, "X-Forwarded-For", "10.1.2.3").status()).isEqualTo(200);
      assertThat(gateway.send("GET", "/hbase/fulldata", null, null, "X-Forwarded-For", "[::ffff:10.1.2.3]").status())
          .isEqualTo(200);
    }
  }

  @Test
  void numericAddressesParseLikeInetAddressAndNamesNotAtAll() throws Exception {
    for (String literal : List.of("0.0.0.0", "10.1.2.3", "255.255.255.255", "::", "::1", "1::", "fd12::1", "FD12:0:0::1:2",
        "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::ffff:10.1.2.3", "64:ff9b::192.0.2.33", "0:0:0:0:0:ffff:1.2.3.4")) {
      assertThat(NumericAddress.parseOrNull(literal)).as(literal).isEqualTo(InetAddress.getByName(literal));
    }
    assertThat(NumericAddress.parseOrNull("[::1]")).isEqualTo(InetAddress.getByName("::1"));
    for (String other : List.of("", "localhost", "dead.beef", "cafe", "1.2.3", "127.1", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
        "1.2.3.-4", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1:2:3:4:5:6:7", "12345::", "fe80::1%eth0", "::1.2.3.4:1", "1.2.3.4:80",
        "[::1", "\u0661.2.3.4".translateEscapes())) {
      assertThat(NumericAddress.parseOrNull(other)).as(other).isNull();
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

  /** GET /hbase/fulldata with real curl, each header as its own header line. */
  private static int curlStatus(GatewayFixture gateway, String... headers) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"));
    for (String header : headers) {
      command.addAll(List.of("-H", header));
    }
    command.add(gateway.url("/hbase/fulldata"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(process.waitFor()).as(out).isZero();
    return Integer.parseInt(out);
  }
}
