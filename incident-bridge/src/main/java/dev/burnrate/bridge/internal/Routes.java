package dev.burnrate.bridge.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.Model.Change;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.http.Problems;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** The bridge's REST routes; handlers run JDBC on worker threads, never on the event loop. */
public final class Routes {
  /** The routing-context key under which the auth layer puts the checked token's id. */
  public static final String ACTOR_KEY = "burnrate.actor";

  private static final String BASE = "/api/v1";
  private static final int MAX_BODY = 256 * 1024;
  private static final Set<String> INCIDENT_STATES =
      Set.of("open", "acknowledged", "resolved", "closed", "recovered", "active");
  private static final Set<String> PROBLEM_STATES =
      Set.of("open", "known_error", "resolved", "closed");
  private static final Set<String> CHANGE_STATES =
      Set.of("planned", "approved", "rejected", "in_progress", "completed", "failed", "cancelled");
  private static final Set<String> REQUEST_STATES = Set.of("pending", "approved", "rejected");
  private static final Set<String> REQUEST_TYPES = Set.of("freeze_exception", "budget_reset");
  private static final Set<String> CHANGE_KINDS = Set.of("standard", "normal", "emergency");

  private final Vertx vertx;
  private final BridgeService service;
  private final ChangeGate gate;
  private final IncidentRules rules;
  private final AlertWebhooks webhooks;
  private final int maxWebhookBytes;
  private final java.time.Clock clock;

  /** Routes over the bridge's parts. */
  public Routes(Vertx vertx, BridgeService service, ChangeGate gate, IncidentRules rules) {
    this.vertx = vertx;
    this.service = service;
    this.gate = gate;
    this.rules = rules;
    this.webhooks = new AlertWebhooks(service.context().settings().webhooks());
    this.maxWebhookBytes = service.context().settings().webhooks().maxBodyBytes();
    this.clock = service.context().clock();
  }

  /** Adds every route to the router. */
  public void mount(Router r) {
    get(r, "/incidents", ctx -> service.listIncidents(filter(ctx, INCIDENT_STATES)));
    post(
        r,
        "/incidents",
        201,
        (ctx, b) ->
            service.openManual(
                b.text("title", true),
                b.name("service", true),
                b.oneOf("severity", false, Set.of("page", "ticket"), "ticket"),
                b.priority("priority", 3),
                b.name("slo", false),
                by(ctx, b)));
    get(r, "/incidents/:key", ctx -> service.incident(ctx.pathParam("key")));
    post(
        r,
        "/incidents/:key/acknowledge",
        200,
        (ctx, b) -> service.acknowledge(ctx.pathParam("key"), by(ctx, b)));
    post(
        r,
        "/incidents/:key/resolve",
        200,
        (ctx, b) -> service.resolve(ctx.pathParam("key"), by(ctx, b), b.text("resolution", false)));
    post(
        r,
        "/incidents/:key/close",
        200,
        (ctx, b) -> service.close(ctx.pathParam("key"), by(ctx, b)));
    for (String kind : List.of("incidents", "problems", "changes")) {
      post(
          r,
          "/" + kind + "/:key/comments",
          201,
          (ctx, b) -> service.comment(key(ctx, kind), by(ctx, b), b.text("text", true)));
      post(
          r,
          "/" + kind + "/:key/links",
          201,
          (ctx, b) -> {
            String target = b.name("target", true);
            return service.link(
                key(ctx, kind),
                target,
                b.name("relation", false),
                b.text("url", false),
                by(ctx, b));
          });
      route(
          r.delete(BASE + "/" + kind + "/:key/links/:target"),
          false,
          ctx ->
              blocking(
                  ctx,
                  200,
                  () -> service.unlink(key(ctx, kind), ctx.pathParam("target"), by(ctx))));
    }

    get(r, "/problems", ctx -> service.listProblems(filter(ctx, PROBLEM_STATES)));
    post(
        r,
        "/problems",
        201,
        (ctx, b) ->
            service.openProblem(
                b.text("title", true),
                b.strings("services", true),
                b.strings("incidents", false),
                by(ctx, b)));
    get(r, "/problems/:key", ctx -> service.problem(ctx.pathParam("key")));
    route(
        r.patch(BASE + "/problems/:key"),
        true,
        ctx -> {
          Body b = Body.parse(Body.utf8(ctx), true);
          blocking(
              ctx,
              200,
              () ->
                  service.updateProblem(
                      ctx.pathParam("key"),
                      b.text("title", false),
                      b.text("rootCause", false),
                      b.text("workaround", false),
                      by(ctx, b)));
        });
    post(
        r,
        "/problems/:key/known-error",
        200,
        (ctx, b) -> service.knownError(ctx.pathParam("key"), by(ctx, b)));
    post(
        r,
        "/problems/:key/resolve",
        200,
        (ctx, b) -> service.resolveProblem(ctx.pathParam("key"), by(ctx, b)));
    post(
        r,
        "/problems/:key/close",
        200,
        (ctx, b) -> service.closeProblem(ctx.pathParam("key"), by(ctx, b)));

    get(r, "/changes", ctx -> service.listChanges(filter(ctx, CHANGE_STATES)));
    route(
        r.post(BASE + "/changes"),
        true,
        ctx -> {
          Body b = Body.parse(Body.utf8(ctx), true);
          Change input = change(b, true);
          String by = by(ctx, b);
          vertx
              .executeBlocking(() -> service.recordChange(input, by), false)
              .onSuccess(e -> send(ctx, e.getKey() ? 201 : 200, e.getValue()))
              .onFailure(ctx::fail);
        });
    post(
        r,
        "/changes/evaluate",
        200,
        (ctx, b) -> gate.evaluate(change(b, false), b.bool("record", false), by(ctx, b)));
    get(r, "/changes/:key", ctx -> service.change(ctx.pathParam("key")));
    route(
        r.patch(BASE + "/changes/:key"),
        true,
        ctx -> {
          Body b = Body.parse(Body.utf8(ctx), true);
          String state = b.oneOf("state", false, CHANGE_STATES, null);
          Instant ended = b.instant("endedAt", false);
          blocking(
              ctx, 200, () -> service.updateChange(ctx.pathParam("key"), state, ended, by(ctx, b)));
        });

    get(
        r,
        "/requests",
        ctx -> {
          String type = ctx.queryParams().get("type");
          if (type != null && !REQUEST_TYPES.contains(type)) {
            throw HttpProblem.badRequest("type", "type must be freeze_exception or budget_reset");
          }
          return service.listRequests(filter(ctx, REQUEST_STATES), type);
        });
    post(
        r,
        "/requests",
        201,
        (ctx, b) -> {
          String type = b.oneOf("type", true, REQUEST_TYPES, null);
          Instant from = b.instant("validFrom", false);
          Instant until = b.instant("validUntil", false);
          String duration = b.text("duration", false);
          if (until == null && duration == null) {
            throw HttpProblem.badRequest("validUntil", "give validUntil or a duration such as 4h");
          }
          if (until == null) {
            Duration d;
            try {
              d = YamlNode.parseDuration(duration);
            } catch (IllegalArgumentException e) {
              throw HttpProblem.badRequest("duration", e.getMessage());
            }
            if (d.compareTo(BridgeService.MAX_REQUEST_VALIDITY) > 0) {
              throw HttpProblem.badRequest("duration", "a request is valid for at most 30d");
            }
            until = (from == null ? clock.instant() : from).plus(d);
          }
          String typed = b.text("requestedBy", false);
          String by =
              typed == null ? by(ctx, b) : Actors.of(tokenId(ctx), "requestedBy", typed, "api");
          return service.fileRequest(
              type,
              b.name("service", true),
              b.name("slo", false),
              b.text("reason", true),
              by,
              from,
              until);
        });
    get(r, "/requests/:key", ctx -> service.request(ctx.pathParam("key")));
    post(
        r,
        "/requests/:key/approve",
        200,
        (ctx, b) ->
            service.decide(ctx.pathParam("key"), true, decider(ctx, b), b.text("comment", false)));
    post(
        r,
        "/requests/:key/reject",
        200,
        (ctx, b) ->
            service.decide(ctx.pathParam("key"), false, decider(ctx, b), b.text("comment", false)));

    get(r, "/services", ctx -> service.services());
    get(r, "/services/:name", ctx -> service.service(ctx.pathParam("name")));

    get(
        r,
        "/outbox",
        ctx -> {
          String state = ctx.queryParams().get("state");
          if (state == null) {
            state = "dead";
          }
          if (!Set.of("pending", "dead").contains(state)) {
            throw HttpProblem.badRequest("state", "state must be pending or dead");
          }
          return service.outbox(
              state,
              ctx.queryParams().get("connector"),
              filter(ctx, Set.of("pending", "dead")).limit());
        });
    post(
        r,
        "/outbox/:id/retry",
        200,
        (ctx, b) -> {
          String id = ctx.pathParam("id");
          if (!id.matches("[0-9]{1,18}")) {
            throw HttpProblem.notFound("no outbox message " + id);
          }
          return service.retryOutbox(Long.parseLong(id), by(ctx, b));
        });

    webhook(r, "/alerts/alertmanager", "alertmanager");
    webhook(r, "/alerts/grafana", "grafana");
  }

  private static String key(RoutingContext ctx, String kind) {
    String key = ctx.pathParam("key");
    String prefix =
        switch (kind) {
          case "incidents" -> "INC-";
          case "problems" -> "PRB-";
          default -> "CHG-";
        };
    if (!key.startsWith(prefix)) {
      throw HttpProblem.notFound("no " + kind.substring(0, kind.length() - 1) + " " + key);
    }
    return key;
  }

  private static String by(RoutingContext ctx) {
    String b = ctx.queryParams().get("by");
    return Actors.of(tokenId(ctx), "by", b == null || b.isBlank() ? null : b, "api");
  }

  private static String by(RoutingContext ctx, Body b) {
    return Actors.of(tokenId(ctx), "by", b.text("by", false), "api");
  }

  /** Who approves or rejects: the token, or (auth off) a name the caller must give. */
  private static String decider(RoutingContext ctx, Body b) {
    String token = tokenId(ctx);
    return Actors.of(token, "by", b.text("by", token == null), "api");
  }

  /** The id of the token the auth layer checked for this request, or null. */
  private static String tokenId(RoutingContext ctx) {
    return ctx.get(ACTOR_KEY);
  }

  private static Change change(Body b, boolean startedDefaultsToNow) {
    String svc = b.name("service", true);
    String kind = b.oneOf("kind", false, CHANGE_KINDS, "normal");
    Body src = b.object("source");
    Instant started = b.instant("startedAt", false);
    Instant ended = b.instant("endedAt", false);
    String state = b.oneOf("state", false, CHANGE_STATES, null);
    String title = b.text("title", false);
    String version = src.text("version", false);
    if (title == null) {
      title = "Deploy " + svc + (version == null ? "" : " " + version);
    }
    if (ended != null && started != null && ended.isBefore(started)) {
      throw HttpProblem.badRequest("endedAt", "endedAt is before startedAt");
    }
    return new Change(
        0,
        "",
        title,
        svc,
        kind,
        state != null ? state : ended != null ? "completed" : "in_progress",
        src.name("system", false),
        src.text("commit", false),
        version,
        src.text("url", false),
        src.name("id", false),
        started,
        ended,
        kind.equals("emergency"),
        null,
        null);
  }

  private Store.Filter filter(RoutingContext ctx, Set<String> states) {
    var q = ctx.queryParams();
    String state = q.get("state");
    if (state != null && !states.contains(state)) {
      throw HttpProblem.badRequest(
          "state", "state must be one of " + states.stream().sorted().toList());
    }
    String severity = q.get("severity");
    if (severity != null && !Set.of("page", "ticket").contains(severity)) {
      throw HttpProblem.badRequest("severity", "severity must be page or ticket");
    }
    Instant since = null;
    String s = q.get("since");
    if (s != null) {
      if (s.matches("[0-9]+(ms|s|m|h|d|w)([0-9]+(ms|s|m|h|d|w))*")) {
        try {
          since = clock.instant().minus(YamlNode.parseDuration(s));
          Body.checkRange("since", since);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
          throw HttpProblem.badRequest("since", "since reaches before the year 0000: " + s);
        }
      } else {
        since = Body.instant("since", s);
      }
    }
    int limit = 50;
    String l = q.get("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 500) {
        throw HttpProblem.badRequest("limit", "limit must be a whole number from 1 to 500");
      }
    }
    Long before = null;
    String cursor = q.get("cursor");
    if (cursor != null) {
      if (!cursor.matches("[A-Z]{3}-[0-9]{1,18}")) {
        throw HttpProblem.badRequest("cursor", "cursor must be the nextCursor of a previous page");
      }
      before = Long.parseLong(cursor.substring(4));
    }
    return new Store.Filter(state, q.get("service"), severity, q.get("slo"), since, before, limit);
  }

  @FunctionalInterface
  interface Read {
    ObjectNode run(RoutingContext ctx) throws Exception;
  }

  @FunctionalInterface
  interface Write {
    ObjectNode run(RoutingContext ctx, Body body) throws Exception;
  }

  private void get(Router r, String path, Read read) {
    route(r.get(BASE + path), false, ctx -> blocking(ctx, 200, () -> read.run(ctx)));
  }

  private void post(Router r, String path, int status, Write write) {
    route(
        r.post(BASE + path),
        true,
        ctx -> {
          Body b = Body.parse(Body.utf8(ctx), false);
          blocking(ctx, status, () -> write.run(ctx, b));
        });
  }

  private void route(Route route, boolean body, Handler<RoutingContext> h) {
    if (body) {
      route.handler(BodyHandler.create().setBodyLimit(MAX_BODY));
    }
    route.handler(
        ctx -> {
          try {
            checkParams(ctx);
            h.handle(ctx);
          } catch (RuntimeException e) {
            ctx.fail(e);
          }
        });
    route.failureHandler(Problems.failureHandler("maxBodyBytes", MAX_BODY));
  }

  /** Path and query parameters reach SQL; PostgreSQL text cannot hold NUL. */
  private static void checkParams(RoutingContext ctx) {
    ctx.pathParams().forEach(Body::checkNul);
    ctx.queryParams().forEach(e -> Body.checkNul(e.getKey(), e.getValue()));
  }

  private void blocking(RoutingContext ctx, int status, Callable<ObjectNode> work) {
    vertx.executeBlocking(work, false).onSuccess(o -> send(ctx, status, o)).onFailure(ctx::fail);
  }

  private static void send(RoutingContext ctx, int status, JsonNode body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(Json.write(body));
  }

  private void webhook(Router r, String path, String source) {
    Route route = r.post(BASE + path);
    route.handler(BodyHandler.create().setBodyLimit(maxWebhookBytes));
    route.handler(
        ctx -> {
          try {
            String text = Body.utf8(ctx);
            JsonNode n;
            try {
              n = Json.read(text == null ? "" : text);
            } catch (IllegalArgumentException e) {
              throw HttpProblem.badRequest("body", e.getMessage());
            }
            List<AlertSignal> signals = webhooks.read(n, source);
            vertx
                .executeBlocking(
                    () -> {
                      List<String> touched = new ArrayList<>();
                      for (AlertSignal s : signals) {
                        rules.apply(s).filter(k -> !touched.contains(k)).ifPresent(touched::add);
                      }
                      ObjectNode o = Json.object();
                      o.put("alerts", signals.size());
                      o.set("incidents", Json.strings(touched));
                      return o;
                    },
                    true)
                .onSuccess(o -> send(ctx, 200, o))
                .onFailure(ctx::fail);
          } catch (RuntimeException e) {
            ctx.fail(e);
          }
        });
    Handler<RoutingContext> problems = Problems.failureHandler();
    route.failureHandler(
        ctx -> {
          if (ctx.failure() == null && ctx.statusCode() == 413) {
            Problems.send(
                ctx,
                HttpProblem.tooLarge(
                    "maxBodyBytes",
                    maxWebhookBytes,
                    "the body is larger than the limit of " + maxWebhookBytes + " bytes"));
          } else {
            problems.handle(ctx);
          }
        });
  }
}
