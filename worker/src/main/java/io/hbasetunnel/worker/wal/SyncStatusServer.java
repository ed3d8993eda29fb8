package io.hbasetunnel.worker.wal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Supplier;

/** GET /status: the sync's counters as JSON, polled by the operator. */
final class SyncStatusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;

  SyncStatusServer(int port, Supplier<Map<String, Object>> status) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/status", exchange -> {
      byte[] body = JSON.writeValueAsBytes(status.get());
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
