package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.by;

import dev.burnrate.bridge.internal.incident.IncidentService;
import dev.burnrate.bridge.internal.incident.ResponseReports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The routes of incidents: list, open by hand, read, acknowledge, assign, hold, resume, resolve,
 * close, and the response report.
 */
final class IncidentRoutes {
  private static final Set<String> STATES =
      Set.of("open", "acknowledged", "on_hold", "resolved", "closed", "recovered", "active");

  private IncidentRoutes() {}

  static void mount(Endpoints e, IncidentService incidents, Clock clock) {
    e.get("/incidents", ctx -> incidents.list(Filters.of(ctx, STATES, clock)));
    e.post(
        "/incidents",
        201,
        (ctx, b) ->
            incidents.openManual(
                b.text("title", true),
                b.name("service", true),
                b.oneOf("severity", false, Set.of("page", "ticket"), "ticket"),
                b.priority("priority", 3),
                b.name("slo", false),
                by(ctx, b)));
    e.get("/incidents/:key", ctx -> incidents.incident(ctx.pathParam("key")));
    e.post(
        "/incidents/:key/acknowledge",
        200,
        (ctx, b) -> incidents.acknowledge(ctx.pathParam("key"), by(ctx, b)));
    e.post(
        "/incidents/:key/resolve",
        200,
        (ctx, b) ->
            incidents.resolve(ctx.pathParam("key"), by(ctx, b), b.text("resolution", false)));
    e.post(
        "/incidents/:key/assign",
        200,
        (ctx, b) ->
            incidents.assign(
                ctx.pathParam("key"),
                b.name("group", false),
                b.name("assignee", false),
                b.text("reason", false),
                by(ctx, b)));
    e.post(
        "/incidents/:key/hold",
        200,
        (ctx, b) -> incidents.hold(ctx.pathParam("key"), b.text("reason", false), by(ctx, b)));
    e.post(
        "/incidents/:key/resume",
        200,
        (ctx, b) -> incidents.resume(ctx.pathParam("key"), by(ctx, b)));
    e.get(
        "/reports/incidents",
        ctx -> {
          var q = ctx.queryParams();
          Instant to = q.get("to") == null ? clock.instant() : Body.instant("to", q.get("to"));
          Instant from =
              q.get("from") == null
                  ? to.minus(Duration.ofDays(30))
                  : Body.instant("from", q.get("from"));
          String by = q.get("by") == null ? "service" : q.get("by");
          return incidents.report(ResponseReports.by("by", by), from, to);
        });
    e.post(
        "/incidents/:key/close",
        200,
        (ctx, b) -> incidents.close(ctx.pathParam("key"), by(ctx, b)));
  }
}
