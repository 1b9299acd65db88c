package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.by;

import dev.burnrate.bridge.internal.problem.ProblemService;
import dev.burnrate.bridge.internal.problem.ProblemView;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** The routes of problems: list, open, read, update, known error, fix, resolve, close. */
final class ProblemRoutes {
  private static final Set<String> STATES = Set.of("open", "known_error", "resolved", "closed");

  private ProblemRoutes() {}

  static void mount(Endpoints e, ProblemService problems, Clock clock) {
    e.listAndRead("/problems", STATES, clock, problems::list, problems::problem);
    e.post("/problems", 201, Open.class, (ctx, b) -> open(problems, ctx, b));
    e.patch("/problems/:key", Update.class, (ctx, b) -> update(problems, ctx, b));
    e.step("/problems/:key/known-error", problems::knownError);
    e.post("/problems/:key/fix", 200, Fix.class, (ctx, b) -> fix(problems, ctx, b));
    e.step("/problems/:key/resolve", problems::resolve);
    e.step("/problems/:key/close", problems::close);
  }

  /** The body of opening a problem. */
  record Open(String title, List<String> services, List<String> incidents, String by) {}

  private static ProblemView open(ProblemService problems, RoutingContext ctx, Open b) {
    return problems.open(
        Fields.text("title", b.title(), true),
        Fields.strings("services", b.services(), true),
        Fields.strings("incidents", b.incidents(), false),
        by(ctx, b.by()));
  }

  /** The body of a problem's update; absent fields stay as they are. */
  record Update(String title, String rootCause, String workaround, String by) {}

  private static ProblemView update(ProblemService problems, RoutingContext ctx, Update b) {
    String title = Fields.text("title", b.title(), false);
    String rootCause = Fields.text("rootCause", b.rootCause(), false);
    String workaround = Fields.text("workaround", b.workaround(), false);
    String by = by(ctx, b.by());
    return problems.update(ctx.pathParam("key"), title, rootCause, workaround, by);
  }

  /** The body of recording a problem's fix. */
  record Fix(String change, String by) {}

  private static ProblemView fix(ProblemService problems, RoutingContext ctx, Fix b) {
    return problems.fix(
        ctx.pathParam("key"), Fields.name("change", b.change(), true), by(ctx, b.by()));
  }
}
