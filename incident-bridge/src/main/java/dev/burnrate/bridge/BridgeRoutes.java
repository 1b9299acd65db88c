package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.web.Routes;
import io.vertx.ext.web.Router;

/**
 * The incident bridge's REST API under {@code /api/v1}: incidents, problems, changes and the change
 * gate, service requests, services, and the Alertmanager and Grafana webhooks. Authentication is
 * the caller's: mount it behind the api module's auth handler.
 */
public final class BridgeRoutes {
  /**
   * The routing-context key (a {@code String}, the token's id) under which the auth layer tells the
   * bridge which token a request carried; the bridge records it as the actor.
   */
  public static final String ACTOR_KEY = Routes.ACTOR_KEY;

  private final Routes routes;

  BridgeRoutes(Routes routes) {
    this.routes = requireNonNull(routes, "routes");
  }

  /** Adds every bridge route to the router; each route answers errors as problem+json. */
  public void mount(Router router) {
    routes.mount(router);
  }
}
