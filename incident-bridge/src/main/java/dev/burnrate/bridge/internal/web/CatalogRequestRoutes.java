package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.decider;
import static dev.burnrate.bridge.internal.web.Endpoints.requester;

import dev.burnrate.bridge.internal.request.RequestService;
import java.util.Map;

/**
 * The routes of the request catalog: its types, submitting a request of one, fulfilling by hand.
 */
final class CatalogRequestRoutes {
  /** The body of a request of a catalog type: its fields, checked against the type's form. */
  record Submit(Map<String, Object> fields, String requestedBy, String by) {}

  /** The body of a fulfilment by hand. */
  record Fulfil(Boolean success, String outcome, String by) {}

  private CatalogRequestRoutes() {}

  static void mount(Endpoints e, RequestService requests) {
    e.get("/request-types", ctx -> requests.types());
    e.get("/request-types/:name", ctx -> requests.typeView(ctx.pathParam("name")));
    e.post(
        "/request-types/:name/requests",
        201,
        Submit.class,
        (ctx, b) -> {
          Map<String, Object> f = b.fields() == null ? Map.of() : b.fields();
          return requests.submit(ctx.pathParam("name"), f, requester(ctx, b.requestedBy(), b.by()));
        });
    e.post(
        "/requests/:key/fulfil",
        200,
        Fulfil.class,
        (ctx, b) ->
            requests.fulfil(
                ctx.pathParam("key"),
                Fields.bool(b.success(), true),
                decider(ctx, b.by()),
                Fields.text("outcome", b.outcome(), false)));
  }
}
