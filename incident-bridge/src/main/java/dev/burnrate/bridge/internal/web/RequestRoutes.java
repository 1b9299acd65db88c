package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.requester;

import dev.burnrate.bridge.internal.record.Page;
import dev.burnrate.bridge.internal.request.RequestService;
import dev.burnrate.bridge.internal.request.RequestView;
import dev.burnrate.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The routes of service requests: list, file, read, approve, reject. */
final class RequestRoutes {
  private static final Set<String> STATES =
      Set.of("pending", "approved", "rejected", "fulfilling", "fulfilled", "failed");
  private static final Set<String> TYPES = Set.of("freeze_exception", "budget_reset");

  /** The body of an approval or a rejection. */
  record Decision(String comment, String by) implements Endpoints.Signed {}

  private RequestRoutes() {}

  static void mount(Endpoints e, RequestService requests, Clock clock) {
    e.get("/requests", ctx -> list(requests, clock, ctx));
    e.post("/requests", 201, File.class, (ctx, b) -> file(requests, clock, ctx, b));
    e.get("/requests/:key", ctx -> requests.request(ctx.pathParam("key")));
    CatalogRequestRoutes.mount(e, requests);
    e.decisions(
        "/requests/:key",
        Decision.class,
        (key, approve, by, b) ->
            requests.decide(key, approve, by, Fields.text("comment", b.comment(), false)));
  }

  private static Page<RequestView> list(RequestService requests, Clock clock, RoutingContext ctx) {
    String type =
        Filters.param(
            ctx,
            "type",
            t -> TYPES.contains(t) || requests.knowsType(t),
            null,
            "type must be freeze_exception, budget_reset or a catalog request type");
    return requests.list(Filters.of(ctx, STATES, clock), type);
  }

  /** The body of filing a built-in request. */
  record File(
      String type,
      String validFrom,
      String validUntil,
      String duration,
      String requestedBy,
      String service,
      String slo,
      String reason,
      String by) {}

  private static RequestView file(
      RequestService requests, Clock clock, RoutingContext ctx, File b) {
    String type = Fields.oneOf("type", b.type(), true, TYPES, null);
    Instant from = Fields.instant("validFrom", b.validFrom(), false);
    Instant until = Fields.instant("validUntil", b.validUntil(), false);
    String duration = Fields.text("duration", b.duration(), false);
    if (until == null && duration == null) {
      throw HttpProblem.badRequest("validUntil", "give validUntil or a duration such as 4h");
    }
    if (until == null) {
      Duration d = Fields.duration("duration", duration);
      if (d.compareTo(RequestService.MAX_VALIDITY) > 0) {
        throw HttpProblem.badRequest("duration", "a request is valid for at most 30d");
      }
      until = (from == null ? clock.instant() : from).plus(d);
    }
    String by = requester(ctx, b.requestedBy(), b.by());
    return requests.file(
        type,
        Fields.name("service", b.service(), true),
        Fields.name("slo", b.slo(), false),
        Fields.text("reason", b.reason(), true),
        by,
        from,
        until);
  }
}
