package io.hbasetunnel.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** /healthz (the process answers), /readyz (informers healthy), /metrics (Prometheus text). */
public final class OperatorHttp implements AutoCloseable {
  private final HttpServer server;

  public OperatorHttp(int port, BooleanSupplier ready, Supplier<String> metrics) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", ex -> respond(ex, 200, "ok"));
    server.createContext("/readyz", ex -> respond(ex, ready.getAsBoolean() ? 200 : 503,
        ready.getAsBoolean() ? "ready" : "informers not healthy"));
    server.createContext("/metrics", ex -> respond(ex, 200, metrics.get()));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
