package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.BASE;
import static dev.burnrate.bridge.internal.web.Endpoints.by;

import dev.burnrate.bridge.internal.change.Change;
import dev.burnrate.bridge.internal.change.ChangeGate;
import dev.burnrate.bridge.internal.change.ChangeService;
import dev.burnrate.bridge.internal.change.ChangeState;
import dev.burnrate.http.HttpProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** The routes of changes: list, record, evaluate at the gate, read, update. */
final class ChangeRoutes {
  private static final Set<String> STATES =
      Set.of("planned", "approved", "rejected", "in_progress", "completed", "failed", "cancelled");
  private static final Set<String> KINDS = Set.of("standard", "normal", "emergency");

  private ChangeRoutes() {}

  static void mount(Endpoints e, ChangeService changes, ChangeGate gate, Clock clock) {
    e.get("/changes", ctx -> changes.list(Filters.of(ctx, STATES, clock)));
    e.route(
        e.router().post(BASE + "/changes"),
        true,
        ctx -> {
          Body b = Body.parse(Body.utf8(ctx), true);
          Change input = change(b);
          String by = by(ctx, b);
          e.blockingWithStatus(
              ctx,
              () -> {
                var created = changes.record(input, by);
                return Map.entry(created.getKey() ? 201 : 200, created.getValue());
              });
        });
    e.post(
        "/changes/evaluate",
        200,
        (ctx, b) -> gate.evaluate(change(b), b.bool("record", false), by(ctx, b)));
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
  }

  private static Change change(Body b) {
    String svc = b.name("service", true);
    String kind = b.oneOf("kind", false, KINDS, "normal");
    Body src = b.object("source");
    Instant started = b.instant("startedAt", false);
    Instant ended = b.instant("endedAt", false);
    String state = b.oneOf("state", false, STATES, null);
    String title = b.text("title", false);
    String version = src.text("version", false);
    if (title == null) {
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
        ended);
  }
}
