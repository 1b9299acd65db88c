package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.by;

import dev.burnrate.bridge.internal.problem.ProblemService;
import java.time.Clock;
import java.util.Set;

/** The routes of problems: list, open, read, update, known error, fix, resolve, close. */
final class ProblemRoutes {
  private static final Set<String> STATES = Set.of("open", "known_error", "resolved", "closed");

  private ProblemRoutes() {}

  static void mount(Endpoints e, ProblemService problems, Clock clock) {
    e.get("/problems", ctx -> problems.list(Filters.of(ctx, STATES, clock)));
    e.post(
        "/problems",
        201,
        (ctx, b) ->
            problems.open(
                b.text("title", true),
                b.strings("services", true),
                b.strings("incidents", false),
                by(ctx, b)));
    e.get("/problems/:key", ctx -> problems.problem(ctx.pathParam("key")));
    e.patch(
        "/problems/:key",
        (ctx, b) -> {
          String title = b.text("title", false);
          String rootCause = b.text("rootCause", false);
          String workaround = b.text("workaround", false);
          String by = by(ctx, b);
          return problems.update(ctx.pathParam("key"), title, rootCause, workaround, by);
        });
    e.post(
        "/problems/:key/known-error",
        200,
        (ctx, b) -> problems.knownError(ctx.pathParam("key"), by(ctx, b)));
    e.post(
        "/problems/:key/fix",
        200,
        (ctx, b) -> problems.fix(ctx.pathParam("key"), b.name("change", true), by(ctx, b)));
    e.post(
        "/problems/:key/resolve",
        200,
        (ctx, b) -> problems.resolve(ctx.pathParam("key"), by(ctx, b)));
    e.post(
        "/problems/:key/close", 200, (ctx, b) -> problems.close(ctx.pathParam("key"), by(ctx, b)));
  }
}
