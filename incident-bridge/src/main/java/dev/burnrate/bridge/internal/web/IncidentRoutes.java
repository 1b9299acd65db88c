package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.by;

import dev.burnrate.bridge.internal.incident.IncidentService;
import dev.burnrate.bridge.internal.incident.IncidentView;
import dev.burnrate.bridge.internal.incident.ResponseReports;
import io.vertx.ext.web.RoutingContext;
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
    e.listAndRead("/incidents", STATES, clock, incidents::list, incidents::incident);
    e.post("/incidents", 201, Open.class, (ctx, b) -> open(incidents, ctx, b));
    e.step("/incidents/:key/acknowledge", incidents::acknowledge);
    e.post("/incidents/:key/resolve", 200, Resolve.class, (ctx, b) -> resolve(incidents, ctx, b));
    e.post("/incidents/:key/assign", 200, Assign.class, (ctx, b) -> assign(incidents, ctx, b));
    e.post("/incidents/:key/hold", 200, Hold.class, (ctx, b) -> hold(incidents, ctx, b));
    e.step("/incidents/:key/resume", incidents::resume);
    e.get("/reports/incidents", ctx -> report(incidents, clock, ctx));
    e.step("/incidents/:key/close", incidents::close);
  }

  private static ResponseReports.Report report(
      IncidentService incidents, Clock clock, RoutingContext ctx) {
    var q = ctx.queryParams();
    Instant to = q.get("to") == null ? clock.instant() : Fields.instant("to", q.get("to"));
    Instant from =
        q.get("from") == null
            ? to.minus(Duration.ofDays(30))
            : Fields.instant("from", q.get("from"));
    String by = q.get("by") == null ? "service" : q.get("by");
    return incidents.report(ResponseReports.by("by", by), from, to);
  }

  /** The body of opening an incident by hand. */
  record Open(
      String title, String service, String severity, String priority, String slo, String by) {}

  private static IncidentView open(IncidentService incidents, RoutingContext ctx, Open b) {
    return incidents.openManual(
        Fields.text("title", b.title(), true),
        Fields.name("service", b.service(), true),
        Fields.oneOf("severity", b.severity(), false, Set.of("page", "ticket"), "ticket"),
        Fields.priority("priority", b.priority(), 3),
        Fields.name("slo", b.slo(), false),
        by(ctx, b.by()));
  }

  /** The body of a resolution. */
  record Resolve(String by, String resolution) {}

  private static IncidentView resolve(IncidentService incidents, RoutingContext ctx, Resolve b) {
    return incidents.resolve(
        ctx.pathParam("key"), by(ctx, b.by()), Fields.text("resolution", b.resolution(), false));
  }

  /** The body of an assignment. */
  record Assign(String group, String assignee, String reason, String by) {}

  private static IncidentView assign(IncidentService incidents, RoutingContext ctx, Assign b) {
    return incidents.assign(
        ctx.pathParam("key"),
        Fields.name("group", b.group(), false),
        Fields.name("assignee", b.assignee(), false),
        Fields.text("reason", b.reason(), false),
        by(ctx, b.by()));
  }

  /** The body of putting an incident on hold. */
  record Hold(String reason, String by) {}

  private static IncidentView hold(IncidentService incidents, RoutingContext ctx, Hold b) {
    return incidents.hold(
        ctx.pathParam("key"), Fields.text("reason", b.reason(), false), by(ctx, b.by()));
  }
}
