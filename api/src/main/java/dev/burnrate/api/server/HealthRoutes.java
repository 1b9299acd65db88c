package dev.burnrate.api.server;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready} (every {@link
 * ReadinessCheck} passes within a short timeout; otherwise 503 with the reasons). The ready body
 * also carries informational sections (such as {@code engine}: who leads, how far each instance
 * lags) that never decide readiness.
 */
final class HealthRoutes {
  static final long CHECK_TIMEOUT_MILLIS = 2_000;

  private final List<ReadinessCheck> checks;
  private final Map<String, Supplier<Map<String, Object>>> sections;

  HealthRoutes(List<ReadinessCheck> checks) {
    this(checks, Map.of());
  }

  /** With informational sections; their suppliers must not block. */
  HealthRoutes(List<ReadinessCheck> checks, Map<String, Supplier<Map<String, Object>>> sections) {
    this.checks = List.copyOf(checks);
    this.sections = Map.copyOf(sections);
  }

  void mount(Router router) {
    router
        .get("/health/live")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", "up").encode()));
    router.get("/health/ready").handler(this::ready);
  }

  private void ready(RoutingContext ctx) {
    List<Future<Void>> results = new ArrayList<>();
    for (ReadinessCheck check : checks) {
      Future<Void> f;
      try {
        f = check.check();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      results.add(f.timeout(CHECK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
    }
    Future.join(results)
        .onComplete(
            ignored -> {
              Map<String, Object> report = new LinkedHashMap<>();
              List<String> failures = new ArrayList<>();
              for (int i = 0; i < checks.size(); i++) {
                Future<Void> f = results.get(i);
                String name = checks.get(i).name();
                if (f.succeeded()) {
                  report.put(name, "up");
                } else {
                  String reason = reason(f.cause());
                  report.put(name, "down: " + reason);
                  failures.add(name + ": " + reason);
                }
              }
              Map<String, Object> extra = new LinkedHashMap<>();
              for (Map.Entry<String, Supplier<Map<String, Object>>> e : sections.entrySet()) {
                extra.put(e.getKey(), new JsonObject(e.getValue().get()));
              }
              if (failures.isEmpty()) {
                JsonObject body =
                    new JsonObject().put("status", "ready").put("checks", new JsonObject(report));
                extra.forEach(body::put);
                ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
              } else {
                Map<String, Object> props = new LinkedHashMap<>(extra);
                props.put("checks", new JsonObject(report));
                Problems.send(
                    ctx, new HttpProblem(503, "Not ready", String.join("; ", failures), props));
              }
            });
  }

  private static String reason(Throwable t) {
    if (t instanceof java.util.concurrent.TimeoutException) {
      return "no answer within " + CHECK_TIMEOUT_MILLIS + " ms";
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
