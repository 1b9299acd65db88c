package dev.burnrate.api.auth;

import dev.burnrate.bridge.BridgeRoutes;
import dev.burnrate.http.HttpProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every request: finds the scope it needs, checks the bearer token, applies
 * the token's rate limit, and answers 401, 403 or 429 as problem documents.
 */
final class AuthHandler implements Handler<RoutingContext> {
  /** The routing-context key under which the authenticated {@link ApiToken} is kept. */
  static final String TOKEN_KEY = "burnrate.token";

  private static final Logger log = LoggerFactory.getLogger(AuthHandler.class);
  private static final String CHALLENGE = "Bearer realm=\"burnrate\"";

  private final Vertx vertx;
  private final AccessPolicy policy;
  private final Authenticator authenticator;
  private final RateLimiter limiter;
  private final Counter missing;
  private final Counter invalid;
  private final Counter forbidden;
  private final Counter limited;

  AuthHandler(
      Vertx vertx,
      AccessPolicy policy,
      Authenticator authenticator,
      RateLimiter limiter,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.policy = policy;
    this.authenticator = authenticator;
    this.limiter = limiter;
    this.missing = failures(registry, "missing");
    this.invalid = failures(registry, "invalid");
    this.forbidden = failures(registry, "forbidden");
    this.limited =
        Counter.builder("burnrate.auth.rate.limited")
            .description("Requests refused with 429 because their token exceeded its rate")
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
    Optional<Scope> needed = policy.required(ctx.request().method(), ctx.normalizedPath());
    String header = ctx.request().getHeader("Authorization");
    if (header == null) {
      if (needed.isEmpty()) {
        ctx.next();
      } else {
        missing.increment();
        ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
        ctx.fail(
            new HttpProblem(
                401,
                "Unauthorized",
                ctx.request().method()
                    + " "
                    + ctx.normalizedPath()
                    + " needs a token with the "
                    + needed.get().id()
                    + " scope: send Authorization: Bearer TOKEN",
                Map.of("requiredScope", needed.get().id())));
      }
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
    if (cached.isPresent()) {
      decide(ctx, needed, cached.get());
      return;
    }
    // The store is JDBC: look up on a worker, keeping the body paused until the answer.
    ctx.request().pause();
    vertx
        .executeBlocking(() -> authenticator.authenticate(presented), false)
        .onComplete(
            ar -> {
              ctx.request().resume();
              if (ar.failed()) {
                log.error("cannot check a token against the database", ar.cause());
                ctx.fail(
                    new HttpProblem(
                        503,
                        "Service unavailable",
                        "tokens cannot be checked now: the database does not answer"));
              } else {
                decide(ctx, needed, ar.result());
              }
            });
  }

  private void decide(RoutingContext ctx, Optional<Scope> needed, Optional<ApiToken> found) {
    if (found.isEmpty()) {
      invalid.increment();
      ctx.response().putHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
      ctx.fail(new HttpProblem(401, "Unauthorized", "the token is unknown or has been revoked"));
      return;
    }
    ApiToken token = found.get();
    if (needed.isPresent() && !token.grants(needed.get())) {
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
                  + ctx.normalizedPath()
                  + " needs "
                  + needed.get().id(),
              Map.of("requiredScope", needed.get().id())));
      return;
    }
    OptionalLong retryAfter = limiter.acquire(token.id());
    if (retryAfter.isPresent()) {
      limited.increment();
      ctx.response().putHeader("Retry-After", Long.toString(retryAfter.getAsLong()));
      ctx.fail(
          new HttpProblem(
              429,
              "Too many requests",
              "token "
                  + token.id()
                  + " is over its rate limit; retry after "
                  + retryAfter.getAsLong()
                  + " s",
              Map.of("retryAfterSeconds", retryAfter.getAsLong())));
      return;
    }
    ctx.put(TOKEN_KEY, token);
    // The bridge records the token, not a typed name, as who acted (four eyes compare tokens).
    ctx.put(BridgeRoutes.ACTOR_KEY, token.id());
    ctx.next();
  }
}
