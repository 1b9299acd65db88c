package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.by;

import dev.burnrate.bridge.internal.incident.IncidentService;
import java.time.Clock;
import java.util.Set;

/** The routes of incidents: list, open by hand, read, acknowledge, resolve, close. */
final class IncidentRoutes {
  private static final Set<String> STATES =
      Set.of("open", "acknowledged", "resolved", "closed", "recovered", "active");

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
        "/incidents/:key/close",
        200,
        (ctx, b) -> incidents.close(ctx.pathParam("key"), by(ctx, b)));
  }
}
