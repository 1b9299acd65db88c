package dev.burnrate.bridge.internal.web;

import dev.burnrate.bridge.internal.record.Actors;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.http.Problems;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * How every bridge route reads, answers and fails: JSON in and out, JDBC on worker threads, and the
 * one place where the domain's {@link BridgeException}s become problem+json responses.
 */
final class Endpoints {
  static final String BASE = "/api/v1";
  private static final int MAX_BODY = 256 * 1024;

  private final Vertx vertx;
  private final Router router;

  Endpoints(Vertx vertx, Router router) {
    this.vertx = vertx;
    this.router = router;
  }

  /** A read; what it returns is the response body, serialised by databind. */
  @FunctionalInterface
  interface Read {
    Object run(RoutingContext ctx) throws Exception;
  }

  /** A write with a JSON body bound to the request record {@code T}. */
  @FunctionalInterface
  interface Write<T> {
    Object run(RoutingContext ctx, T body) throws Exception;
  }

  /** A request body that says who acts. */
  interface Signed {
    String by();
  }

  /** The body of a step that only says who takes it. */
  record Act(String by) implements Signed {}

  /** A step on the record that the path's {@code :key} names, taken by {@code by}. */
  @FunctionalInterface
  interface Step {
    Object run(String key, String by) throws Exception;
  }

  /** A record read by its key. */
  @FunctionalInterface
  interface Reader {
    Object run(String key) throws Exception;
  }

  /** An approval ({@code approve} true) or a rejection of the record that {@code key} names. */
  @FunctionalInterface
  interface Decide<T> {
    Object run(String key, boolean approve, String decider, T body) throws Exception;
  }

  Router router() {
    return router;
  }

  void get(String path, Read read) {
    route(router.get(BASE + path), false, ctx -> blocking(ctx, 200, () -> read.run(ctx)));
  }

  /**
   * GET {@code path}, a record kind's list filtered by {@link Filters#of}, and GET {@code
   * path/:key}, one record.
   */
  void listAndRead(
      String path, Set<String> states, Clock clock, Function<ListFilter, ?> list, Reader read) {
    get(path, ctx -> list.apply(Filters.of(ctx, states, clock)));
    get(path + "/:key", ctx -> read.run(ctx.pathParam("key")));
  }

  /** POST {@code path}: a step whose body only says who takes it. */
  void step(String path, Step step) {
    post(path, 200, Act.class, (ctx, b) -> step.run(ctx.pathParam("key"), by(ctx, b.by())));
  }

  /**
   * POST {@code path/approve} and {@code path/reject}, decided by the token or the body's {@code
   * by} (see {@link #decider}).
   */
  <T extends Signed> void decisions(String path, Class<T> type, Decide<T> decide) {
    for (boolean approve : new boolean[] {true, false}) {
      post(
          path + (approve ? "/approve" : "/reject"),
          200,
          type,
          (ctx, b) -> decide.run(ctx.pathParam("key"), approve, decider(ctx, b.by()), b));
    }
  }

  /** A POST whose body, if any, binds to {@code type}. */
  <T> void post(String path, int status, Class<T> type, Write<T> write) {
    route(
        router.post(BASE + path),
        true,
        ctx -> {
          T b = RequestJson.bind(RequestJson.utf8(ctx), false, type).value();
          blocking(ctx, status, () -> write.run(ctx, b));
        });
  }

  /** A PATCH, whose body is required and binds to {@code type}. */
  <T> void patch(String path, Class<T> type, Write<T> write) {
    route(
        router.patch(BASE + path),
        true,
        ctx -> {
          T b = RequestJson.bind(RequestJson.utf8(ctx), true, type).value();
          blocking(ctx, 200, () -> write.run(ctx, b));
        });
  }

  void route(Route route, boolean body, Handler<RoutingContext> h) {
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
    // A body over the limit (chunked too) gets a 413 that names it.
    route.failureHandler(failureHandler(Problems.failureHandler("maxBodyBytes", MAX_BODY)));
  }

  /** Problems as problem+json, the domain's refusals first. */
  static Handler<RoutingContext> failureHandler() {
    return failureHandler(Problems.failureHandler());
  }

  private static Handler<RoutingContext> failureHandler(Handler<RoutingContext> problems) {
    return ctx -> {
      if (ctx.failure() instanceof BridgeException e) {
        Problems.send(ctx, problem(e));
      } else {
        problems.handle(ctx);
      }
    };
  }

  /** The HTTP problem of a domain refusal. */
  static HttpProblem problem(BridgeException e) {
    return switch (e) {
      case BridgeException.NotFound n -> HttpProblem.notFound(n.detail());
      case BridgeException.Conflict c -> new HttpProblem(409, "Conflict", c.detail());
      case BridgeException.Invalid i -> HttpProblem.badRequest(i.field(), i.detail());
      case BridgeException.TooLarge t -> HttpProblem.tooLarge(t.limit(), t.max(), t.detail());
    };
  }

  /** Path and query parameters reach SQL; PostgreSQL text cannot hold NUL. */
  private static void checkParams(RoutingContext ctx) {
    ctx.pathParams().forEach(Fields::checkNul);
    ctx.queryParams().forEach(e -> Fields.checkNul(e.getKey(), e.getValue()));
  }

  void blocking(RoutingContext ctx, int status, Callable<?> work) {
    vertx.executeBlocking(work, false).onSuccess(o -> send(ctx, status, o)).onFailure(ctx::fail);
  }

  /** Blocking work whose result says the status too (201 created, 200 existing). */
  void blockingWithStatus(RoutingContext ctx, Callable<Map.Entry<Integer, ?>> work) {
    vertx
        .executeBlocking(work, false)
        .onSuccess(e -> send(ctx, e.getKey(), e.getValue()))
        .onFailure(ctx::fail);
  }

  static void send(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(Json.write(body));
  }

  /** Who acts, from the {@code by} query parameter (DELETE has no body). */
  static String by(RoutingContext ctx) {
    String b = ctx.queryParams().get("by");
    return Actors.of(tokenId(ctx), "by", b == null || b.isBlank() ? null : b, "api");
  }

  /** Who acts, from the body's {@code by}. */
  static String by(RoutingContext ctx, String by) {
    return Actors.of(tokenId(ctx), "by", Fields.text("by", by, false), "api");
  }

  /**
   * Who asks for a service request: the body's {@code requestedBy}, typed on someone's behalf, or
   * else who acts.
   */
  static String requester(RoutingContext ctx, String requestedBy, String by) {
    String typed = Fields.text("requestedBy", requestedBy, false);
    return typed == null ? by(ctx, by) : Actors.of(tokenId(ctx), "requestedBy", typed, "api");
  }

  /** Who approves or rejects: the token, or (auth off) a name the caller must give. */
  static String decider(RoutingContext ctx, String by) {
    String token = tokenId(ctx);
    return Actors.of(token, "by", Fields.text("by", by, token == null), "api");
  }

  /** The id of the token the auth layer checked for this request, or null. */
  static String tokenId(RoutingContext ctx) {
    return ctx.get(Routes.ACTOR_KEY);
  }
}
