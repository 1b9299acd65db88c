package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.BASE;
import static dev.burnrate.bridge.internal.web.Endpoints.by;

import dev.burnrate.bridge.internal.change.Change;
import dev.burnrate.bridge.internal.change.ChangeGate;
import dev.burnrate.bridge.internal.change.ChangePlan;
import dev.burnrate.bridge.internal.change.ChangeService;
import dev.burnrate.bridge.internal.change.ChangeState;
import dev.burnrate.bridge.internal.change.ChangeView;
import dev.burnrate.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;
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

  /** The body of recording a change or asking the gate about one. */
  record Proposal(
      String service,
      String template,
      String kind,
      Source source,
      String startedAt,
      String endedAt,
      String state,
      String title,
      Window window,
      String rollbackPlan,
      String risk,
      Boolean record,
      String by) {
    Source sourceOrEmpty() {
      return source == null ? new Source(null, null, null, null, null, null) : source;
    }

    Window windowOrEmpty() {
      return window == null ? new Window(null, null) : window;
    }
  }

  /** Where a change comes from: the deploying system and the commit. */
  record Source(
      String version, String committedAt, String system, String commit, String url, String id) {}

  /** A change's implementation window. */
  record Window(String start, String end) {}

  /** The body of a change's update. */
  record Update(String state, String endedAt, String by) {}

  /** The body of an approval or a rejection. */
  record Decision(String comment, String reason, String by) implements Endpoints.Signed {}

  private ChangeRoutes() {}

  static void mount(Endpoints e, ChangeService changes, ChangeGate gate, Clock clock) {
    e.listAndRead("/changes", STATES, clock, changes::list, changes::change);
    e.route(e.router().post(BASE + "/changes"), true, ctx -> record(e, changes, ctx));
    e.post("/changes/evaluate", 200, Proposal.class, (ctx, b) -> evaluate(gate, ctx, b));
    e.patch("/changes/:key", Update.class, (ctx, b) -> update(changes, ctx, b));
    e.decisions(
        "/changes/:key",
        Decision.class,
        (key, approve, by, b) ->
            changes.decide(
                key,
                approve,
                by,
                approve
                    ? Fields.text("comment", b.comment(), false)
                    : Fields.text("reason", b.reason(), true)));
  }

  /** Records a change: 201 when it is new, 200 when the source's id already names one. */
  private static void record(Endpoints e, ChangeService changes, RoutingContext ctx) {
    RequestJson.Bound<Proposal> bound =
        RequestJson.bind(RequestJson.utf8(ctx), true, Proposal.class);
    String by = by(ctx, bound.value().by());
    Change input = change(bound.value(), by);
    boolean defaulted = !bound.fields().contains("state") && !bound.fields().contains("endedAt");
    e.blockingWithStatus(
        ctx,
        () -> {
          var created = changes.record(input, defaulted, by);
          return Map.entry(created.getKey() ? 201 : 200, created.getValue());
        });
  }

  private static ChangeView.GateView evaluate(ChangeGate gate, RoutingContext ctx, Proposal b) {
    String by = by(ctx, b.by());
    return gate.evaluate(change(b, by), Fields.bool(b.record(), false), by);
  }

  private static ChangeView update(ChangeService changes, RoutingContext ctx, Update b) {
    String state = Fields.oneOf("state", b.state(), false, STATES, null);
    Instant ended = Fields.instant("endedAt", b.endedAt(), false);
    return changes.update(
        ctx.pathParam("key"), state == null ? null : ChangeState.of(state), ended, by(ctx, b.by()));
  }

  private static Change change(Proposal b, String by) {
    String svc = Fields.name("service", b.service(), true);
    String template = Fields.name("template", b.template(), false);
    String kind =
        Fields.oneOf("kind", b.kind(), false, KINDS, template == null ? "normal" : "standard");
    Source src = b.sourceOrEmpty();
    Instant started = Fields.instant("startedAt", b.startedAt(), false);
    Instant ended = Fields.instant("endedAt", b.endedAt(), false);
    String state = Fields.oneOf("state", b.state(), false, STATES, null);
    String title = Fields.text("title", b.title(), false);
    String version = Fields.text("version", src.version(), false);
    Instant committed = Fields.instant("committedAt", src.committedAt(), false);
    Window window = b.windowOrEmpty();
    Instant windowStart = Fields.instant("start", window.start(), false);
    Instant windowEnd = Fields.instant("end", window.end(), false);
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
            Fields.text("rollbackPlan", b.rollbackPlan(), false),
            Fields.oneOf("risk", b.risk(), false, RISKS, null),
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
            Fields.name("system", src.system(), false),
            Fields.text("commit", src.commit(), false),
            version,
            Fields.text("url", src.url(), false),
            Fields.name("id", src.id(), false),
            started,
            ended)
        .planned(plan, by, committed);
  }
}
