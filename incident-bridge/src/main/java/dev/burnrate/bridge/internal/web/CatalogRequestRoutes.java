package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.by;
import static dev.burnrate.bridge.internal.web.Endpoints.decider;
import static dev.burnrate.bridge.internal.web.Endpoints.tokenId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.record.Actors;
import dev.burnrate.bridge.internal.request.RequestService;
import dev.burnrate.http.HttpProblem;

/**
 * The routes of the request catalog: its types, submitting a request of one, fulfilling by hand.
 */
final class CatalogRequestRoutes {
  private CatalogRequestRoutes() {}

  static void mount(Endpoints e, RequestService requests) {
    e.get("/request-types", ctx -> requests.types());
    e.get("/request-types/:name", ctx -> requests.typeView(ctx.pathParam("name")));
    e.post(
        "/request-types/:name/requests",
        201,
        (ctx, b) -> {
          JsonNode fields = b.node().get("fields");
          if (fields != null && !fields.isNull() && !fields.isObject()) {
            throw HttpProblem.badRequest("fields", "fields must be an object");
          }
          ObjectNode f =
              fields == null || fields.isNull()
                  ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                  : (ObjectNode) fields;
          String typed = b.text("requestedBy", false);
          String who =
              typed == null ? by(ctx, b) : Actors.of(tokenId(ctx), "requestedBy", typed, "api");
          return requests.submit(ctx.pathParam("name"), f, who);
        });
    e.post(
        "/requests/:key/fulfil",
        200,
        (ctx, b) ->
            requests.fulfil(
                ctx.pathParam("key"),
                b.bool("success", true),
                decider(ctx, b),
                b.text("outcome", false)));
  }
}
