package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.BASE;
import static dev.burnrate.bridge.internal.web.Endpoints.by;
import static dev.burnrate.bridge.internal.web.Endpoints.decider;

import dev.burnrate.bridge.internal.change.Change;
import dev.burnrate.bridge.internal.change.ChangeGate;
import dev.burnrate.bridge.internal.change.ChangePlan;
import dev.burnrate.bridge.internal.change.ChangeService;
import dev.burnrate.bridge.internal.change.ChangeState;
import dev.burnrate.http.HttpProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** The routes of changes: list, record, evaluate at the gate, read, update, approve, reject. */
final class ChangeRoutes {
  private static final Set<String> STATES =
      Set.of("planned", "approved", "rejected", "in_progress", "completed", "failed", "cancelled");
  private static final Set<String> KINDS = Set.of("standard", "normal", "emergency");
  private static final Set<String> RISKS = Set.of("low", "medium", "high");

  private ChangeRoutes() {}

  static void mount(Endpoints e, ChangeService changes, ChangeGate gate, Clock clock) {
    e.get("/changes", ctx -> changes.list(Filters.of(ctx, STATES, clock)));
    e.route(
        e.router().post(BASE + "/changes"),
        true,
        ctx -> {
          Body b = Body.parse(Body.utf8(ctx), true);
          String by = by(ctx, b);
          Change input = change(b, by);
          e.blockingWithStatus(
              ctx,
              () -> {
                boolean defaulted =
                    b.node().get("state") == null && b.node().get("endedAt") == null;
                var created = changes.record(input, defaulted, by);
                return Map.entry(created.getKey() ? 201 : 200, created.getValue());
              });
        });
    e.post(
        "/changes/evaluate",
        200,
        (ctx, b) -> {
          String by = by(ctx, b);
          return gate.evaluate(change(b, by), b.bool("record", false), by);
        });
    e.get("/changes/:key", ctx -> changes.change(ctx.pathParam("key")));
    e.patch(
        "/changes/:key",
        (ctx, b) -> {
          String state = b.oneOf("state", false, STATES, null);
          Instant ended = b.instant("endedAt", false);
          return changes.update(
              ctx.pathParam("key"),
              state == null ? null : ChangeState.of(state),
              ended,
              by(ctx, b));
        });
    e.post(
        "/changes/:key/approve",
        200,
        (ctx, b) ->
            changes.decide(ctx.pathParam("key"), true, decider(ctx, b), b.text("comment", false)));
    e.post(
        "/changes/:key/reject",
        200,
        (ctx, b) ->
            changes.decide(ctx.pathParam("key"), false, decider(ctx, b), b.text("reason", true)));
  }

  private static Change change(Body b, String by) {
    String svc = b.name("service", true);
    String template = b.name("template", false);
    String kind = b.oneOf("kind", false, KINDS, template == null ? "normal" : "standard");
    Body src = b.object("source");
    Instant started = b.instant("startedAt", false);
    Instant ended = b.instant("endedAt", false);
    String state = b.oneOf("state", false, STATES, null);
    String title = b.text("title", false);
    String version = src.text("version", false);
    Instant committed = src.instant("committedAt", false);
    Body window = b.object("window");
    Instant windowStart = window.instant("start", false);
    Instant windowEnd = window.instant("end", false);
    if ((windowStart == null) != (windowEnd == null)) {
      throw HttpProblem.badRequest(
          windowStart == null ? "window.start" : "window.end",
          "an implementation window needs a start and an end");
    }
    if (windowStart != null && !windowEnd.isAfter(windowStart)) {
      throw HttpProblem.badRequest("window.end", "window.end must be after window.start");
    }
    ChangePlan plan =
        new ChangePlan(
            windowStart,
            windowEnd,
            b.text("rollbackPlan", false),
            b.oneOf("risk", false, RISKS, null),
            template);
    if (title == null && template == null) {
      title = "Deploy " + svc + (version == null ? "" : " " + version);
    }
    if (ended != null && started != null && ended.isBefore(started)) {
      throw HttpProblem.badRequest("endedAt", "endedAt is before startedAt");
    }
    return Change.proposed(
            title,
            svc,
            kind,
            state != null
                ? ChangeState.of(state)
                : ended != null ? ChangeState.COMPLETED : ChangeState.IN_PROGRESS,
            src.name("system", false),
            src.text("commit", false),
            version,
            src.text("url", false),
            src.name("id", false),
            started,
            ended)
        .planned(plan, by, committed);
  }
}
