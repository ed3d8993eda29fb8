package io.hbasetunnel.worker.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Supplier;

/**
 * GET /status: a running command's progress or counters as JSON, polled by the operator while
 * the pod runs (the termination message only arrives when it ends).
 */
public final class StatusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;

  public StatusServer(int port, Supplier<Map<String, Object>> status) throws IOException {
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
