package dev.burnrate.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes errors as RFC 9457 problem documents. */
public final class Problems {
  /** The media type of a problem document. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** The seconds a 503 or 429 tells the client to wait when the problem does not say. */
  public static final long DEFAULT_RETRY_AFTER_SECONDS = 5;

  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /** Answers the request with the problem; does nothing if the response was already sent. */
  public static void send(RoutingContext ctx, HttpProblem problem) {
    send(ctx.response(), ctx.request().path(), problem);
  }

  /** Answers with the problem on a bare response. */
  public static void send(HttpServerResponse response, String instance, HttpProblem problem) {
    if (response.ended() || response.headWritten()) {
      return;
    }
    JsonObject body =
        new JsonObject()
            .put("type", "about:blank")
            .put("title", problem.title())
            .put("status", problem.status())
            .put("detail", problem.detail())
            .put("instance", instance);
    for (Map.Entry<String, Object> e : problem.extensions().entrySet()) {
      body.put(e.getKey(), e.getValue());
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", MEDIA_TYPE);
    // Every 503 and 429 says when to come back: clients back off instead of hammering.
    if ((problem.status() == 503 || problem.status() == 429)
        && response.headers().get("Retry-After") == null) {
      response.putHeader("Retry-After", Long.toString(retryAfterSeconds(problem)));
    }
    response.end(body.encode());
  }

  /**
   * A router failure handler: {@link HttpProblem}s as they are, Vert.x HTTP errors by their status,
   * anything else as a 500 that is logged (a 500 is always a Burnrate bug, never a client error).
   */
  public static Handler<RoutingContext> failureHandler() {
    return ctx -> {
      Throwable failure = ctx.failure();
      HttpProblem problem;
      if (failure instanceof HttpProblem p) {
        problem = p;
      } else if (failure instanceof HttpException he) {
        problem = fromStatus(he.getStatusCode(), he.getPayload());
      } else if (failure == null) {
        problem = fromStatus(ctx.statusCode(), null);
      } else {
        log.error(
            "unhandled error on {} {}", ctx.request().method(), ctx.request().path(), failure);
        problem =
            new HttpProblem(
                500, "Internal error", "the server failed on this request; it has been logged");
      }
      send(ctx, problem);
    };
  }

  /**
   * Reads the route's request body, at most {@code maxBytes}; a larger one is answered 413 naming
   * {@code maxBodyBytes}, other failures as {@link #failureHandler()} does. Returns the route for
   * its handler.
   */
  public static Route limitedBody(Route route, long maxBytes) {
    return route
        .handler(BodyHandler.create().setBodyLimit(maxBytes))
        .failureHandler(failureHandler("maxBodyBytes", maxBytes));
  }

  /**
   * As {@link #failureHandler()}, and the 413 of a body handler's limit (a chunked body cut off, or
   * a {@code Content-Length} over it) names that limit: {@code limit} and {@code max} in bytes.
   */
  public static Handler<RoutingContext> failureHandler(String limit, long max) {
    Handler<RoutingContext> general = failureHandler();
    return ctx -> {
      Throwable failure = ctx.failure();
      boolean bodyLimit =
          failure == null
              ? ctx.statusCode() == 413
              : failure instanceof HttpException he && he.getStatusCode() == 413;
      if (bodyLimit) {
        send(
            ctx,
            HttpProblem.tooLarge(
                limit, max, "the body is larger than the limit of " + max + " bytes"));
      } else {
        general.handle(ctx);
      }
    };
  }

  /** The wait a problem names ({@code retryAfter} or {@code retryAfterSeconds}), at least 1 s. */
  static long retryAfterSeconds(HttpProblem problem) {
    Object after = problem.extensions().get("retryAfter");
    if (after == null) {
      after = problem.extensions().get("retryAfterSeconds");
    }
    long seconds = after instanceof Number n ? n.longValue() : DEFAULT_RETRY_AFTER_SECONDS;
    return Math.max(1, seconds);
  }

  private static HttpProblem fromStatus(int status, String payload) {
    return switch (status) {
      case 400 -> new HttpProblem(400, "Invalid request", orDefault(payload, "malformed request"));
      case 401 ->
          new HttpProblem(
              401,
              "Unauthorized",
              orDefault(payload, "send a token as Authorization: Bearer TOKEN"));
      case 403 ->
          new HttpProblem(403, "Forbidden", orDefault(payload, "the token lacks the scope"));
      case 404 -> new HttpProblem(404, "Not found", orDefault(payload, "no such resource"));
      case 405 ->
          new HttpProblem(405, "Method not allowed", orDefault(payload, "method not allowed"));
      case 413 ->
          new HttpProblem(413, "Request too large", orDefault(payload, "the body is too large"));
      case 415 ->
          new HttpProblem(
              415, "Unsupported media type", orDefault(payload, "unsupported Content-Type"));
      default ->
          status >= 400 && status < 600
              ? new HttpProblem(status, "HTTP " + status, orDefault(payload, "request failed"))
              : new HttpProblem(500, "Internal error", "unexpected status " + status);
    };
  }

  private static String orDefault(String s, String fallback) {
    return s == null || s.isBlank() ? fallback : s;
  }
}
