package io.hbasetunnel.gateway;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side: routes of the LTS API documentation (GET for the documented GETs, POST as well
 * for the mutating ones), access control before every call, and errors always as LTS JSON, never
 * a stack trace.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger ACCESS = LoggerFactory.getLogger("io.hbasetunnel.gateway.access");
  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final Set<String> FORM_PATHS = Set.of("/hbase/fulldata/create", "/hbase/incr/create", "/hbase/incr/update");

  static final String STATUS_PAGE = "/ui";
  private static final String REALM = "Basic realm=\"HBase Tunnel status\", charset=\"UTF-8\"";

  private final Javalin app;
  private final LtsApi api;
  private final EventLog events;

  /** A gateway over the task resources of one namespace. */
  public static GatewayServer create(io.fabric8.kubernetes.client.KubernetesClient client, GatewaySettings settings) {
    return new GatewayServer(new LtsApi(client, settings.namespace(), settings.zone()),
        new ClientAccess(settings.allowed(), settings.trustedProxies(), settings.token()), settings.maxBodyBytes(),
        new EventLog(client, settings.namespace()));
  }

  GatewayServer(LtsApi api, ClientAccess access, long maxBodyBytes, EventLog events) {
    this.api = api;
    this.events = events;
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.http.maxRequestSize = maxBodyBytes;
      config.http.prefer405over404 = true;
      config.jsonMapper(new JavalinJackson());
      config.requestLogger.http((ctx, ms) -> ACCESS.info("{} {} {} {} {}ms", ctx.req().getRemoteAddr(), ctx.method(),
          ctx.path(), ctx.statusCode(), Math.round(ms)));
    });
    app.before(ctx -> {
      // error messages quote client input: no browser may read a JSON answer as HTML
      ctx.header("X-Content-Type-Options", "nosniff");
      access.check(ctx.req().getRemoteAddr(), Collections.list(ctx.req().getHeaders("X-Forwarded-For")),
          ctx.header("Authorization"), isPage(ctx));
      checkBody(ctx, maxBodyBytes);
    });
    routes(api);
    statusPage(new StatusPage(api::cachedFullData, api::cachedIncremental, events, api.namespace()));
    app.get("/healthz", ctx -> ctx.json(LtsResponse.ok("ok")));
    errors();
  }

  private void routes(LtsApi api) {
    app.post("/hbase/fulldata/create", ctx -> ok(ctx, api.createFullData(form(ctx))));
    app.get("/hbase/fulldata", ctx -> ctx.json(api.listFullData()));
    app.get("/hbase/fulldata/{id}/detail", ctx -> ctx.json(api.fullDataDetail(ctx.pathParam("id"))));
    taskCall("/hbase/fulldata/{id}/abort", api::abortFullData);
    taskCall("/hbase/fulldata/{id}/retry", api::retryFullData);
    taskCall("/hbase/fulldata/{id}/del", api::deleteFullData);

    app.post("/hbase/incr/create", ctx -> ok(ctx, api.createIncremental(form(ctx))));
    app.post("/hbase/incr/update", ctx -> {
      api.updateIncremental(form(ctx));
      ok(ctx, "ok");
    });
    app.get("/hbase/incr", ctx -> ctx.json(api.listIncremental()));
    // "detai" is how the LTS document spells it; scripts use it
    app.get("/hbase/incr/{id}/detai", ctx -> ctx.json(api.incrementalDetail(ctx.pathParam("id"))));
    app.get("/hbase/incr/{id}/detail", ctx -> ctx.json(api.incrementalDetail(ctx.pathParam("id"))));
    taskCall("/hbase/incr/{id}/abort", api::abortIncremental);
    taskCall("/hbase/incr/{id}/retry", api::retryIncremental);
    taskCall("/hbase/incr/{id}/del", api::deleteIncremental);
  }

  /** Read-only HTML; the headers keep a browser from running, framing, caching or sniffing anything. */
  private void statusPage(StatusPage page) {
    Handler handler = ctx -> {
      ctx.header("Content-Security-Policy", StatusPage.CONTENT_SECURITY_POLICY);
      ctx.header("X-Frame-Options", "DENY");
      ctx.header("Referrer-Policy", "no-referrer");
      ctx.header("Cache-Control", "no-store");
      ctx.html(page.render(java.time.Instant.now()));
    };
    app.get(STATUS_PAGE, handler);
    app.get(STATUS_PAGE + "/", handler);
  }

  private static boolean isPage(Context ctx) {
    return ctx.path().equals(STATUS_PAGE) || ctx.path().equals(STATUS_PAGE + "/");
  }

  /** abort/retry/del: documented as GET, accepted as POST too; answers "ok". */
  private void taskCall(String path, java.util.function.Consumer<String> operation) {
    Handler handler = ctx -> {
      operation.accept(ctx.pathParam("id"));
      ok(ctx, "ok");
    };
    app.get(path, handler);
    app.post(path, handler);
  }

  private void errors() {
    app.exception(LtsException.class, (e, ctx) -> fail(ctx, e.status(), e.getMessage()));
    app.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, e.getStatus(), switch (e.getStatus()) {
      case 404 -> "no such LTS call: " + ctx.method() + " " + ctx.path();
      case 405 -> ctx.method() + " is not accepted for " + ctx.path()
          + (ctx.path().endsWith("/create") || ctx.path().endsWith("/update") ? "; use POST with form parameters" : "");
      case 413 -> "request body too large; at most the gateway's --max-body-bytes";
      default -> e.getMessage();
    }));
    app.exception(KubernetesClientException.class, (e, ctx) -> {
      LOG.warn("Kubernetes API call failed: {}", e.getMessage());
      fail(ctx, 503, "the Kubernetes API did not answer (" + e.getCode() + "); try again shortly");
    });
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
      fail(ctx, 500, "internal error; the gateway log has the details");
    });
  }

  private static void checkBody(Context ctx, long maxBodyBytes) {
    long length = ctx.contentLength();
    if (length > maxBodyBytes) {
      throw new LtsException(413, "request body of " + length + " bytes is too large; at most " + maxBodyBytes);
    }
    if (ctx.method() == HandlerType.POST && FORM_PATHS.contains(ctx.path())) {
      String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
      if (!type.startsWith(FORM)) {
        throw new LtsException(415, "send the parameters as " + FORM + " (curl -d \"k=v&...\"), not '"
            + (type.isEmpty() ? "no content type" : type) + "'");
      }
    }
  }

  private static FormFields form(Context ctx) {
    return new FormFields(ctx::formParam);
  }

  private static void ok(Context ctx, String message) {
    ctx.json(LtsResponse.ok(message));
  }

  private static void fail(Context ctx, int status, String message) {
    if (status == 401 && isPage(ctx)) {
      // lets a browser ask for the token (as password) instead of showing the JSON
      ctx.header("WWW-Authenticate", REALM);
    }
    ctx.status(status).json(LtsResponse.error(message));
  }

  public GatewayServer start(int port) {
    app.start(port);
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    api.close();
    events.close();
  }
}
