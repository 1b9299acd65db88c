package dev.burnrate.api.server;

import static java.util.Objects.requireNonNull;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.http.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps slow and idle clients from holding the server's connections: at most {@code
 * server.maxConnections} open (more are closed at once), a request's headers must arrive within
 * {@code server.headerTimeout} of the connection opening or of its previous answer, and its body
 * within {@code server.bodyTimeout} of its headers (else 408). Requests the HTTP decoder refuses
 * (headers over the size limit, a broken {@code Content-Length}) are answered as problem documents.
 */
final class ConnectionGuard {
  private final Vertx vertx;
  private final long headerMillis;
  private final long bodyMillis;
  private final int maxConnections;
  private final int maxHeaderSize;
  private final int maxInitialLineLength;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<HttpConnection, State> states = new ConcurrentHashMap<>();
  private final Counter refused;
  private final Counter headerTimeouts;
  private final Counter bodyTimeouts;

  /** What a connection is doing; touched only on its event loop. */
  private static final class State {
    long headerTimer = -1;
    int inFlight;
  }

  ConnectionGuard(
      Vertx vertx,
      Duration headerTimeout,
      Duration bodyTimeout,
      int maxConnections,
      int maxHeaderSize,
      int maxInitialLineLength,
      MeterRegistry registry) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.headerMillis = Math.max(1, headerTimeout.toMillis());
    this.bodyMillis = Math.max(1, bodyTimeout.toMillis());
    this.maxConnections = maxConnections;
    this.maxHeaderSize = maxHeaderSize;
    this.maxInitialLineLength = maxInitialLineLength;
    Gauge.builder("burnrate.http.connections", open, AtomicInteger::get)
        .description("Open HTTP connections")
        .register(registry);
    this.refused = closed(registry, "max_connections");
    this.headerTimeouts = closed(registry, "header_timeout");
    this.bodyTimeouts = closed(registry, "body_timeout");
  }

  private static Counter closed(MeterRegistry registry, String reason) {
    return Counter.builder("burnrate.http.connections.closed")
        .description("Connections the server closed to protect itself, by reason")
        .tag("reason", reason)
        .register(registry);
  }

  /** The connection handler: refuses connections over the cap and starts the header clock. */
  Handler<HttpConnection> connections() {
    return conn -> {
      if (open.incrementAndGet() > maxConnections) {
        open.decrementAndGet();
        refused.increment();
        conn.close();
        return;
      }
      State state = new State();
      states.put(conn, state);
      conn.closeHandler(
          v -> {
            open.decrementAndGet();
            State s = states.remove(conn);
            if (s != null) {
              cancel(s);
            }
          });
      arm(conn, state);
    };
  }

  /** The first handler of every request: stops the header clock and starts the body clock. */
  Handler<RoutingContext> requests() {
    return ctx -> {
      HttpServerRequest request = ctx.request();
      HttpConnection conn = request.connection();
      State state = conn == null ? null : states.get(conn);
      if (state != null) {
        state.inFlight++;
        cancel(state);
      }
      long bodyTimer =
          request.isEnded()
              ? -1
              : vertx.setTimer(
                  bodyMillis,
                  id -> {
                    if (request.isEnded()) {
                      return;
                    }
                    bodyTimeouts.increment();
                    ctx.response().putHeader("Connection", "close");
                    Problems.send(
                        ctx.response(),
                        request.path(),
                        new HttpProblem(
                            408,
                            "Request timeout",
                            "the body did not arrive within server.bodyTimeout ("
                                + bodyMillis
                                + " ms) of the headers",
                            Map.of("limit", "server.bodyTimeout")));
                    if (conn != null) {
                      conn.close();
                    }
                  });
      ctx.addEndHandler(
          ar -> {
            if (bodyTimer >= 0) {
              vertx.cancelTimer(bodyTimer);
            }
            if (state != null && --state.inFlight == 0 && states.get(conn) == state) {
              arm(conn, state);
            }
          });
      ctx.next();
    };
  }

  private void arm(HttpConnection conn, State state) {
    cancel(state);
    state.headerTimer =
        vertx.setTimer(
            headerMillis,
            id -> {
              state.headerTimer = -1;
              if (state.inFlight == 0) {
                headerTimeouts.increment();
                conn.close();
              }
            });
  }

  private void cancel(State state) {
    if (state.headerTimer >= 0) {
      vertx.cancelTimer(state.headerTimer);
      state.headerTimer = -1;
    }
  }

  /**
   * Answers a request the HTTP decoder could not read as a problem document, then closes the
   * connection (what follows on it cannot be trusted to be framed right).
   */
  Handler<HttpServerRequest> invalidRequests() {
    return request -> {
      DecoderResult result = request.decoderResult();
      Throwable cause = result == null ? null : result.cause();
      HttpProblem problem;
      if (cause instanceof TooLongHttpHeaderException) {
        problem =
            overLimit(
                431,
                "Request header fields too large",
                "the request's headers are larger",
                "maxHeaderSize",
                maxHeaderSize);
      } else if (cause instanceof TooLongHttpLineException) {
        problem =
            overLimit(
                414,
                "URI too long",
                "the request line is longer",
                "maxInitialLineLength",
                maxInitialLineLength);
      } else {
        String why = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
        problem =
            new HttpProblem(
                400,
                "Invalid request",
                "the request is not valid HTTP/1.1" + why,
                Map.of("field", why.contains("Content-Length") ? "Content-Length" : "request"));
      }
      request.response().putHeader("Connection", "close");
      Problems.send(request.response(), "/", problem);
      HttpConnection conn = request.connection();
      if (conn != null) {
        conn.close();
      }
    };
  }

  /**
   * A request over one of the decoder's limits: {@code what} than the limit of {@code max} bytes.
   */
  private static HttpProblem overLimit(
      int status, String title, String what, String limit, int max) {
    return new HttpProblem(
        status,
        title,
        what + " than the limit of " + max + " bytes",
        Map.of("limit", limit, "max", max));
  }
}
