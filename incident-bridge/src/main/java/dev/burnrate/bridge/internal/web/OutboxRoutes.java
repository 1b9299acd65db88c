package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.by;

import dev.burnrate.bridge.internal.outbox.OutboxAdmin;
import dev.burnrate.http.HttpProblem;
import java.time.Clock;
import java.util.Set;

/** The routes of the outbox: what is stuck, and retrying a dead message. */
final class OutboxRoutes {
  /** The body of a retry: who asks for it. */
  record Retry(String by) {}

  private OutboxRoutes() {}

  static void mount(Endpoints e, OutboxAdmin outbox, Clock clock) {
    e.get(
        "/outbox",
        ctx -> {
          String state = ctx.queryParams().get("state");
          if (state == null) {
            state = "dead";
          }
          if (!Set.of("pending", "dead").contains(state)) {
            throw HttpProblem.badRequest("state", "state must be pending or dead");
          }
          return outbox.list(
              state,
              ctx.queryParams().get("connector"),
              Filters.of(ctx, Set.of("pending", "dead"), clock).limit());
        });
    e.post(
        "/outbox/:id/retry",
        200,
        Retry.class,
        (ctx, b) -> {
          String id = ctx.pathParam("id");
          if (!id.matches("[0-9]{1,18}")) {
            throw HttpProblem.notFound("no outbox message " + id);
          }
          return outbox.retry(Long.parseLong(id), by(ctx, b.by()));
        });
  }
}
