package dev.burnrate.api.auth;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A view of a router in which every route created gets the scope check as its first handler, so the
 * modules that mount routes (ingest, the bridge) need not know about tokens and no route can be
 * mounted without its check.
 */
final class ScopedRouter {
  private ScopedRouter() {}

  /** {@code router}, with {@code check} put first on each route made through the view. */
  static Router of(Router router, Handler<RoutingContext> check) {
    requireNonNull(router, "router");
    requireNonNull(check, "check");
    return (Router)
        Proxy.newProxyInstance(
            Router.class.getClassLoader(),
            new Class<?>[] {Router.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(router, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result instanceof Route route && method.getReturnType() == Route.class) {
                route.handler(check);
              }
              return result == router ? proxy : result;
            });
  }
}
