package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.by;

import dev.burnrate.bridge.internal.problem.ProblemService;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** The routes of problems: list, open, read, update, known error, fix, resolve, close. */
final class ProblemRoutes {
  private static final Set<String> STATES = Set.of("open", "known_error", "resolved", "closed");

  /** The body of opening a problem. */
  record Open(String title, List<String> services, List<String> incidents, String by) {}

  /** The body of a problem's update; absent fields stay as they are. */
  record Update(String title, String rootCause, String workaround, String by) {}

  /** The body of a step that only says who takes it. */
  record Act(String by) {}

  /** The body of recording a problem's fix. */
  record Fix(String change, String by) {}

  private ProblemRoutes() {}

  static void mount(Endpoints e, ProblemService problems, Clock clock) {
    e.get("/problems", ctx -> problems.list(Filters.of(ctx, STATES, clock)));
    e.post(
        "/problems",
        201,
        Open.class,
        (ctx, b) ->
            problems.open(
                Fields.text("title", b.title(), true),
                Fields.strings("services", b.services(), true),
                Fields.strings("incidents", b.incidents(), false),
                by(ctx, b.by())));
    e.get("/problems/:key", ctx -> problems.problem(ctx.pathParam("key")));
    e.patch(
        "/problems/:key",
        Update.class,
        (ctx, b) -> {
          String title = Fields.text("title", b.title(), false);
          String rootCause = Fields.text("rootCause", b.rootCause(), false);
          String workaround = Fields.text("workaround", b.workaround(), false);
          String by = by(ctx, b.by());
          return problems.update(ctx.pathParam("key"), title, rootCause, workaround, by);
        });
    e.post(
        "/problems/:key/known-error",
        200,
        Act.class,
        (ctx, b) -> problems.knownError(ctx.pathParam("key"), by(ctx, b.by())));
    e.post(
        "/problems/:key/fix",
        200,
        Fix.class,
        (ctx, b) ->
            problems.fix(
                ctx.pathParam("key"), Fields.name("change", b.change(), true), by(ctx, b.by())));
    e.post(
        "/problems/:key/resolve",
        200,
        Act.class,
        (ctx, b) -> problems.resolve(ctx.pathParam("key"), by(ctx, b.by())));
    e.post(
        "/problems/:key/close",
        200,
        Act.class,
        (ctx, b) -> problems.close(ctx.pathParam("key"), by(ctx, b.by())));
  }
}
