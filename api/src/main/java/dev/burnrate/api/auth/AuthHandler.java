package dev.burnrate.api.auth;

import dev.burnrate.bridge.BridgeRoutes;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.http.IngestRoutes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication in front of every request (checks a bearer token when one is sent, limits failed
 * attempts per client address and requests per token) and, through {@link #scopeCheck()}, the scope
 * check each route runs first; answers 401, 403 or 429 as problem documents.
 */
final class AuthHandler implements Handler<RoutingContext> {
  /** The routing-context key under which the authenticated {@link ApiToken} is kept. */
  static final String TOKEN_KEY = "burnrate.token";

  private static final Logger log = LoggerFactory.getLogger(AuthHandler.class);
  private static final String CHALLENGE = "Bearer realm=\"burnrate\"";

  /** Seconds a client is told to wait when tokens cannot be checked. */
  static final long TOKEN_CHECK_RETRY_AFTER_SECONDS = 5;

  private final Vertx vertx;
  private final AccessPolicy policy;
  private final Authenticator authenticator;
  private final RateLimiter limiter;
  private final RateLimiter failures;
  private final Counter missing;
  private final Counter invalid;
  private final Counter forbidden;
  private final Counter limited;
  private final Counter failuresLimited;
  private final Counter lookups;

  AuthHandler(
      Vertx vertx,
      AccessPolicy policy,
      Authenticator authenticator,
      RateLimiter limiter,
      RateLimiter failures,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.policy = policy;
    this.authenticator = authenticator;
    this.limiter = limiter;
    this.failures = failures;
    this.missing = failures(registry, "missing");
    this.invalid = failures(registry, "invalid");
    this.forbidden = failures(registry, "forbidden");
    this.limited =
        Counter.builder("burnrate.auth.rate.limited")
            .description("Requests refused with 429 because their token exceeded its rate")
            .register(registry);
    this.failuresLimited =
        Counter.builder("burnrate.auth.failures.limited")
            .description(
                "Requests refused with 429 because their address failed to authenticate too often")
            .register(registry);
    this.lookups =
        Counter.builder("burnrate.auth.lookups")
            .description("Tokens looked up in the database (answers not in the cache)")
            .register(registry);
  }

  private static Counter failures(MeterRegistry registry, String reason) {
    return Counter.builder("burnrate.auth.failures")
        .description("Requests refused with 401 or 403, by reason")
        .tag("reason", reason)
        .register(registry);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null) {
      // Whether the route needs a token is the route's own check (scopeCheck) to decide.
      ctx.next();
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      invalid.increment();
      ctx.response().putHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_request\"");
      ctx.fail(
          new HttpProblem(401, "Unauthorized", "the Authorization header must be: Bearer TOKEN"));
      return;
    }
    String presented = header.substring(7).trim();
    Optional<Optional<ApiToken>> cached = authenticator.cached(presented);
    if (cached.isPresent() && cached.get().isPresent()) {
      accept(ctx, cached.get().get());
      return;
    }
    // A known token passes above even from a throttled address; anything else waits its turn.
    String client = client(ctx);
    OptionalLong blocked = failures.peek(client);
    if (blocked.isPresent()) {
      failuresLimited.increment();
      tooMany(
          ctx,
          blocked.getAsLong(),
          "too many failed authentications from "
              + client
              + "; retry after "
              + blocked.getAsLong()
              + " s");
      return;
    }
    if (cached.isPresent()) {
      reject(ctx, client);
      return;
    }
    // The store is JDBC: look up on a worker, keeping the body paused until the answer.
    lookups.increment();
    ctx.request().pause();
    vertx
        .executeBlocking(() -> authenticator.authenticate(presented), false)
        .onComplete(
            ar -> {
              ctx.request().resume();
              if (ar.failed()) {
                log.error("cannot check a token against the database", ar.cause());
                ctx.response()
                    .putHeader("Retry-After", Long.toString(TOKEN_CHECK_RETRY_AFTER_SECONDS));
                ctx.fail(
                    new HttpProblem(
                        503,
                        "Service unavailable",
                        "tokens cannot be checked now: the database does not answer; retry after "
                            + TOKEN_CHECK_RETRY_AFTER_SECONDS
                            + " s",
                        Map.of("retryAfter", TOKEN_CHECK_RETRY_AFTER_SECONDS)));
              } else if (ar.result().isEmpty()) {
                reject(ctx, client);
              } else {
                accept(ctx, ar.result().get());
              }
            });
  }

  private void reject(RoutingContext ctx, String client) {
    invalid.increment();
    failures.acquire(client);
    ctx.response().putHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
    ctx.fail(new HttpProblem(401, "Unauthorized", "the token is unknown or has been revoked"));
  }

  private void accept(RoutingContext ctx, ApiToken token) {
    OptionalLong retryAfter = limiter.acquire(token.id());
    if (retryAfter.isPresent()) {
      limited.increment();
      tooMany(
          ctx,
          retryAfter.getAsLong(),
          "token "
              + token.id()
              + " is over its rate limit; retry after "
              + retryAfter.getAsLong()
              + " s");
      return;
    }
    ctx.put(TOKEN_KEY, token);
    // The bridge records the token, not a typed name, as who acted (four eyes compare tokens).
    ctx.put(BridgeRoutes.ACTOR_KEY, token.id());
    // Ingest scopes idempotency keys by token.
    ctx.put(IngestRoutes.PRINCIPAL_KEY, token.id());
    ctx.next();
  }

  private static void tooMany(RoutingContext ctx, long seconds, String detail) {
    ctx.response().putHeader("Retry-After", Long.toString(seconds));
    ctx.fail(
        new HttpProblem(429, "Too many requests", detail, Map.of("retryAfterSeconds", seconds)));
  }

  private static String client(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String host = remote == null ? null : remote.hostAddress();
    return host == null ? "unknown" : host;
  }

  /**
   * The handler every route runs before its own: the scope the route needs (decided by the route's
   * template, so every spelling of a path that reaches the route needs the same scope), checked
   * against the token that {@link #handle} authenticated.
   */
  Handler<RoutingContext> scopeCheck() {
    // A security policy handler may come before a body handler, so the check runs before any
    // byte of the body is read.
    return (SecurityPolicyHandler) this::checkScope;
  }

  private void checkScope(RoutingContext ctx) {
    Optional<Scope> needed = policy.required(ctx.request().method(), template(ctx));
    if (needed.isEmpty()) {
      ctx.next();
      return;
    }
    ApiToken token = ctx.get(TOKEN_KEY);
    if (token == null) {
      missing.increment();
      ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
      ctx.fail(
          new HttpProblem(
              401,
              "Unauthorized",
              ctx.request().method()
                  + " "
                  + template(ctx)
                  + " needs a token with the "
                  + needed.get().id()
                  + " scope: send Authorization: Bearer TOKEN",
              Map.of("requiredScope", needed.get().id())));
      return;
    }
    if (!token.grants(needed.get())) {
      forbidden.increment();
      ctx.fail(
          new HttpProblem(
              403,
              "Forbidden",
              "token "
                  + token.id()
                  + " has the scopes "
                  + token.scopes().stream().map(Scope::id).sorted().toList()
                  + "; "
                  + ctx.request().method()
                  + " "
                  + template(ctx)
                  + " needs "
                  + needed.get().id(),
              Map.of("requiredScope", needed.get().id())));
      return;
    }
    ctx.next();
  }

  /** The template of the route being run, as written; the normalised path if it has none. */
  static String template(RoutingContext ctx) {
    Route route = ctx.currentRoute();
    // A path with parameters is kept as a regex; its name is the path as it was written.
    String written = route == null ? null : route.isRegexPath() ? route.getName() : route.getPath();
    return written != null && written.startsWith("/") ? written : ctx.normalizedPath();
  }
}
