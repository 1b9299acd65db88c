package dev.burnrate.api.auth;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.http.JsonBody;
import dev.burnrate.http.Problems;
import dev.burnrate.http.Utf8;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/tokens}: create (the secret shown once), list and revoke API tokens. */
final class TokenRoutes {
  private static final Logger log = LoggerFactory.getLogger(TokenRoutes.class);
  private static final int MAX_NAME = 200;
  private static final int MAX_BODY = 64 * 1024;

  private final Vertx vertx;
  private final TokenStore store;
  private final Authenticator authenticator;

  TokenRoutes(Vertx vertx, TokenStore store, Authenticator authenticator) {
    this.vertx = vertx;
    this.store = store;
    this.authenticator = authenticator;
  }

  void mount(Router router) {
    Problems.limitedBody(router.post("/api/v1/tokens"), MAX_BODY).handler(this::create);
    router.get("/api/v1/tokens").handler(this::list);
    router.delete("/api/v1/tokens/:id").handler(this::revoke);
  }

  /**
   * PostgreSQL text holds neither NUL nor a lone UTF-16 surrogate (JSON's {@code \\ud800}, which
   * would be stored as "?"): both are the client's mistake.
   */
  static void checkText(String field, String text) {
    Utf8.unstorable(field, text)
        .ifPresent(
            why -> {
              throw HttpProblem.badRequest(field, why);
            });
  }

  private void create(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Object rawName = body.getValue("name");
    if (!(rawName instanceof String name) || name.isBlank() || name.length() > MAX_NAME) {
      throw HttpProblem.badRequest(
          "name", "name must be a non-empty string of at most " + MAX_NAME + " characters");
    }
    checkText("name", name);
    Object rawScopes = body.getValue("scopes");
    if (!(rawScopes instanceof JsonArray array) || array.isEmpty()) {
      throw HttpProblem.badRequest(
          "scopes", "scopes must be a non-empty list of ingest, read, write, admin");
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (Object o : array) {
      Scope scope =
          o instanceof String s
              ? Scope.of(s)
                  .orElseThrow(
                      () ->
                          HttpProblem.badRequest(
                              "scopes",
                              "unknown scope \"" + s + "\"; use ingest, read, write or admin"))
              : null;
      if (scope == null) {
        throw HttpProblem.badRequest("scopes", "scopes must be strings");
      }
      scopes.add(scope);
    }
    vertx
        .executeBlocking(() -> store.create(name.strip(), scopes), false)
        .onSuccess(
            created -> {
              log.info(
                  "created API token {} ({}) with scopes {}",
                  created.token().id(),
                  created.token().name(),
                  scopes);
              ctx.response()
                  .setStatusCode(201)
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Location", "/api/v1/tokens/" + created.token().id())
                  .end(toJson(created.token()).put("token", created.secret()).encode());
            })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    vertx
        .executeBlocking(store::list, false)
        .onSuccess(
            tokens -> {
              JsonArray items = new JsonArray();
              tokens.forEach(t -> items.add(toJson(t)));
              ctx.response()
                  .putHeader("Content-Type", "application/json")
                  .end(new JsonObject().put("items", items).encode());
            })
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    vertx
        .executeBlocking(() -> store.revoke(id), false)
        .onSuccess(
            found -> {
              if (!found) {
                ctx.fail(HttpProblem.notFound("no token with id " + id));
                return;
              }
              authenticator.invalidate();
              log.info("revoked API token {}", id);
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(ctx::fail);
  }

  static JsonObject toJson(ApiToken t) {
    JsonArray scopes = new JsonArray();
    t.scopes().stream().sorted().forEach(s -> scopes.add(s.id()));
    return new JsonObject()
        .put("id", t.id())
        .put("name", t.name())
        .put("scopes", scopes)
        .put("createdAt", t.createdAt().toString())
        .put("revokedAt", t.revokedAt().map(Object::toString).orElse(null))
        .put("lastUsedAt", t.lastUsedAt().map(Object::toString).orElse(null));
  }
}
