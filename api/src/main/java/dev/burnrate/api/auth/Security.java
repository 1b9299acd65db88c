package dev.burnrate.api.auth;

import dev.burnrate.api.config.BurnrateConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/** Authentication, authorisation and rate limits in front of every route, and the token API. */
public final class Security {
  private final Vertx vertx;
  private final TokenStore store;
  private final Authenticator authenticator;
  private final AuthHandler handler;

  private Security(Vertx vertx, TokenStore store, Authenticator authenticator, AuthHandler h) {
    this.vertx = vertx;
    this.store = store;
    this.authenticator = authenticator;
    this.handler = h;
  }

  /** Security over the token table in {@code dataSource}, configured by {@code auth}. */
  public static Security create(
      Vertx vertx,
      DataSource dataSource,
      Clock clock,
      BurnrateConfig.Auth auth,
      MeterRegistry registry) {
    TokenStore store = new TokenStore(dataSource, clock);
    Authenticator authenticator = new Authenticator(store::find, clock, auth.cacheTtl());
    AuthHandler handler =
        new AuthHandler(
            vertx,
            new AccessPolicy(auth.required(), auth.readsRequireToken()),
            authenticator,
            new RateLimiter(clock, auth.requestsPerSecond(), auth.burst()),
            new RateLimiter(clock, auth.failedPerSecond(), auth.failedBurst()),
            registry);
    return new Security(vertx, store, authenticator, handler);
  }

  /** The handler to put in front of every route: it authenticates the token sent, if any. */
  public Handler<RoutingContext> handler() {
    return handler;
  }

  /**
   * A view of {@code router} to mount routes through: each route made through it first checks the
   * scope its template needs, whatever spelling of the path reached it.
   */
  public Router scoped(Router router) {
    return ScopedRouter.of(router, handler.scopeCheck());
  }

  /** Mounts {@code /api/v1/tokens}. */
  public void mountTokenRoutes(Router router) {
    new TokenRoutes(vertx, store, authenticator).mount(router);
  }

  /** Creates or confirms the admin token from {@code BURNRATE_ADMIN_TOKEN}, if one is set. */
  public Future<Void> bootstrapAdmin(Optional<String> adminToken) {
    if (adminToken.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(
        () -> {
          store.bootstrapAdmin(adminToken.get());
          return null;
        },
        false);
  }

  /** The token store. */
  public TokenStore store() {
    return store;
  }
}
