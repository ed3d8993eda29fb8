package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hbasetunnel.operator.incremental.HttpSyncStatusSource;
import io.hbasetunnel.operator.incremental.SyncStatusSource;
import io.hbasetunnel.operator.incremental.SyncStatusSource.SyncReport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sync's offset from its workers' real GET /status over HTTP: each "pod" is a small HTTP
 * server on its own loopback address, all on one port, as pods are on their own IPs.
 */
class HttpSyncStatusSourceTest {
  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  @Test
  void theOffsetIsTheSmallestOverWorkersHoldingStreams() throws Exception {
    int port = freePort();
    Pod lagging = pod("127.0.0.2", port, "{\"offset\":1000,\"synctime\":5000,\"entriesPerSecond\":10.5,\"streams\":1}");
    Pod ahead = pod("127.0.0.3", port, "{\"offset\":3000,\"synctime\":6000,\"entriesPerSecond\":4.5,\"streams\":2}");
    Pod idle = pod("127.0.0.4", port, "{\"offset\":0,\"synctime\":7000,\"entriesPerSecond\":0.0,\"streams\":0}");
    Pod starting = new PodBuilder().withNewMetadata().withName("starting").endMetadata().build();
    Pod silent = new PodBuilder().withNewMetadata().withName("silent").endMetadata()
        .withNewStatus().withPodIP("127.0.0.5").endStatus().build();

    Optional<SyncReport> report = new HttpSyncStatusSource(port).read(List.of(lagging, ahead, idle, starting, silent));

    assertThat(report).contains(new SyncReport(1000, 6000, 15.0));
    assertThat(new HttpSyncStatusSource(port).read(List.of(idle, starting, silent))).isEmpty();
  }

  @Test
  void aProblemAnyWorkerReportsIsTheSyncsAlsoWhenNoWorkerHoldsAStream() throws Exception {
    int port = freePort();
    String looked = "no WAL stream under hdfs://nn:8020/hbase/WALs although the source has 2 region servers";
    Pod blind = pod("127.0.0.6", port, "{\"offset\":0,\"synctime\":0,\"streams\":0,"
        + "\"problem\":{\"reason\":\"NoWalStream\",\"message\":\"" + looked + "\"}}");
    Pod fine = pod("127.0.0.7", port, "{\"offset\":0,\"synctime\":0,\"streams\":0,\"problem\":null}");

    Optional<SyncReport> report = new HttpSyncStatusSource(port).read(List.of(fine, blind));

    assertThat(report).contains(new SyncReport(null, 0, 0.0,
        new SyncStatusSource.Problem("NoWalStream", "worker 127.0.0.6: " + looked)));
    assertThat(new HttpSyncStatusSource(port).read(List.of(fine))).as("problem null: fine").isEmpty();
  }

  private Pod pod(String ip, int port, String status) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(ip, port), 0);
    server.createContext("/status", exchange -> {
      byte[] body = status.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    servers.add(server);
    return new PodBuilder().withNewMetadata().withName(ip).endMetadata().withNewStatus().withPodIP(ip).endStatus().build();
  }

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
