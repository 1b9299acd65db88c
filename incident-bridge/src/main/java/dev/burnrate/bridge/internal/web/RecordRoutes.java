package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.BASE;
import static dev.burnrate.bridge.internal.web.Endpoints.by;

import dev.burnrate.bridge.internal.Records;
import dev.burnrate.bridge.internal.record.RecordKeys;
import dev.burnrate.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The routes every linkable record kind shares: comments and links. */
final class RecordRoutes {
  /** The body of a comment. */
  record Comment(String text, String by) {}

  /** The body of a link to another record or a URL. */
  record LinkTo(String target, String relation, String url, String by) {}

  private RecordRoutes() {}

  static void mount(Endpoints e, Records records) {
    for (String kind : List.of("incidents", "problems", "changes")) {
      e.post(
          "/" + kind + "/:key/comments",
          201,
          Comment.class,
          (ctx, b) ->
              records.comment(
                  key(ctx, kind), by(ctx, b.by()), Fields.text("text", b.text(), true)));
      e.post(
          "/" + kind + "/:key/links",
          201,
          LinkTo.class,
          (ctx, b) -> {
            String target = Fields.name("target", b.target(), true);
            return records.link(
                key(ctx, kind),
                target,
                Fields.name("relation", b.relation(), false),
                Fields.text("url", b.url(), false),
                by(ctx, b.by()));
          });
      e.route(
          e.router().delete(BASE + "/" + kind + "/:key/links/:target"),
          false,
          ctx ->
              e.blocking(
                  ctx,
                  200,
                  () -> records.unlink(key(ctx, kind), ctx.pathParam("target"), by(ctx))));
    }
  }

  private static String key(RoutingContext ctx, String kind) {
    String key = ctx.pathParam("key");
    String prefix =
        switch (kind) {
          case "incidents" -> RecordKeys.INCIDENT;
          case "problems" -> RecordKeys.PROBLEM;
          default -> RecordKeys.CHANGE;
        };
    if (!key.startsWith(prefix)) {
      throw HttpProblem.notFound("no " + kind.substring(0, kind.length() - 1) + " " + key);
    }
    return key;
  }
}
