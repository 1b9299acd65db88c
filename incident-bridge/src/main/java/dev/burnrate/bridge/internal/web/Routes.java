package dev.burnrate.bridge.internal.web;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.BridgeParts;
import dev.burnrate.bridge.internal.change.DoraService;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * The bridge's REST routes, one class per record kind; handlers run JDBC on worker threads, never
 * on the event loop.
 */
public final class Routes {
  /** The routing-context key under which the auth layer puts the checked token's id. */
  public static final String ACTOR_KEY = "burnrate.actor";

  private final Vertx vertx;
  private final BridgeParts parts;

  /** Routes over the bridge's parts. */
  public Routes(Vertx vertx, BridgeParts parts) {
    this.vertx = vertx;
    this.parts = parts;
  }

  /** Adds every route to the router. */
  public void mount(Router r) {
    Endpoints e = new Endpoints(vertx, r);
    BridgeContext ctx = parts.ctx();
    IncidentRoutes.mount(e, parts.incidents(), ctx.clock());
    RecordRoutes.mount(e, parts.records());
    ProblemRoutes.mount(e, parts.problems(), ctx.clock());
    ChangeRoutes.mount(e, parts.changes(), parts.gate(), ctx.clock());
    RequestRoutes.mount(e, parts.requests(), ctx.clock());
    ServiceRoutes.mount(e, ctx.catalog(), ctx.budgets());
    DoraRoutes.mount(e, new DoraService(ctx), ctx.catalog());
    ItemRoutes.mount(e, ctx.catalog().items());
    OutboxRoutes.mount(e, parts.outbox(), ctx.clock());
    AlertRoutes.mount(e, vertx, ctx.settings().webhooks(), parts.rules());
  }
}
