package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.by;
import static dev.burnrate.bridge.internal.web.Endpoints.decider;
import static dev.burnrate.bridge.internal.web.Endpoints.tokenId;

import dev.burnrate.bridge.internal.record.Actors;
import dev.burnrate.bridge.internal.request.RequestService;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.yaml.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The routes of service requests: list, file, read, approve, reject. */
final class RequestRoutes {
  private static final Set<String> STATES =
      Set.of("pending", "approved", "rejected", "fulfilling", "fulfilled", "failed");
  private static final Set<String> TYPES = Set.of("freeze_exception", "budget_reset");

  private RequestRoutes() {}

  static void mount(Endpoints e, RequestService requests, Clock clock) {
    e.get(
        "/requests",
        ctx -> {
          String type = ctx.queryParams().get("type");
          if (type != null && !TYPES.contains(type) && !requests.knowsType(type)) {
            throw HttpProblem.badRequest(
                "type", "type must be freeze_exception, budget_reset or a catalog request type");
          }
          return requests.list(Filters.of(ctx, STATES, clock), type);
        });
    e.post(
        "/requests",
        201,
        (ctx, b) -> {
          String type = b.oneOf("type", true, TYPES, null);
          Instant from = b.instant("validFrom", false);
          Instant until = b.instant("validUntil", false);
          String duration = b.text("duration", false);
          if (until == null && duration == null) {
            throw HttpProblem.badRequest("validUntil", "give validUntil or a duration such as 4h");
          }
          if (until == null) {
            Duration d;
            try {
              d = Durations.parse(duration);
            } catch (IllegalArgumentException ex) {
              throw HttpProblem.badRequest("duration", ex.getMessage());
            }
            if (d.compareTo(RequestService.MAX_VALIDITY) > 0) {
              throw HttpProblem.badRequest("duration", "a request is valid for at most 30d");
            }
            until = (from == null ? clock.instant() : from).plus(d);
          }
          String typed = b.text("requestedBy", false);
          String by =
              typed == null ? by(ctx, b) : Actors.of(tokenId(ctx), "requestedBy", typed, "api");
          return requests.file(
              type,
              b.name("service", true),
              b.name("slo", false),
              b.text("reason", true),
              by,
              from,
              until);
        });
    e.get("/requests/:key", ctx -> requests.request(ctx.pathParam("key")));
    CatalogRequestRoutes.mount(e, requests);
    e.post(
        "/requests/:key/approve",
        200,
        (ctx, b) ->
            requests.decide(ctx.pathParam("key"), true, decider(ctx, b), b.text("comment", false)));
    e.post(
        "/requests/:key/reject",
        200,
        (ctx, b) ->
            requests.decide(
                ctx.pathParam("key"), false, decider(ctx, b), b.text("comment", false)));
  }
}
