package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.by;

import dev.burnrate.bridge.internal.outbox.OutboxAdmin;
import dev.burnrate.http.HttpProblem;
import java.time.Clock;
import java.util.Set;

/** The routes of the outbox: what is stuck, and retrying a dead message. */
final class OutboxRoutes {
  private static final Set<String> STATES = Set.of("pending", "dead");

  private OutboxRoutes() {}

  static void mount(Endpoints e, OutboxAdmin outbox, Clock clock) {
    e.get(
        "/outbox",
        ctx -> {
          String state =
              Filters.param(
                  ctx, "state", STATES::contains, "dead", "state must be pending or dead");
          return outbox.list(
              state, ctx.queryParams().get("connector"), Filters.of(ctx, STATES, clock).limit());
        });
    e.post(
        "/outbox/:id/retry",
        200,
        Endpoints.Act.class,
        (ctx, b) -> {
          String id = ctx.pathParam("id");
          if (!id.matches("[0-9]{1,18}")) {
            throw HttpProblem.notFound("no outbox message " + id);
          }
          return outbox.retry(Long.parseLong(id), by(ctx, b.by()));
        });
  }
}
