package dev.burnrate.api.budget;

import static java.util.Objects.requireNonNull;

import dev.burnrate.api.slo.SloCatalog;
import dev.burnrate.bridge.BridgeRoutes;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.http.JsonBody;
import dev.burnrate.http.Problems;
import dev.burnrate.slo.definition.BudgetAdjustment;
import dev.burnrate.slo.definition.SloSpec;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The budget adjustment endpoints: {@code POST /api/v1/adjustments}, {@code GET
 * /api/v1/adjustments}, {@code GET /api/v1/adjustments/{id}}, {@code DELETE
 * /api/v1/adjustments/{id}}, and {@code GET /api/v1/slos/{name}/adjustments}.
 */
public final class AdjustmentRoutes {
  static final int MAX_BODY = 16 * 1024;
  static final int MAX_TEXT = 1_000;
  static final int MAX_NAME = 200;
  private static final Set<String> FIELDS =
      Set.of("slo", "service", "from", "until", "duration", "reason", "decidedBy");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(m|h|d)");

  private final Vertx vertx;
  private final AdjustmentStore store;
  private final SloCatalog catalog;
  private final Runnable changed;
  private final Clock clock;

  /**
   * Routes over the store.
   *
   * @param changed called after a change, so that the engine picks it up soon
   */
  public AdjustmentRoutes(
      Vertx vertx, AdjustmentStore store, SloCatalog catalog, Runnable changed, Clock clock) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.store = requireNonNull(store, "store");
    this.catalog = requireNonNull(catalog, "catalog");
    this.changed = requireNonNull(changed, "changed");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Mounts the routes. */
  public void mount(Router router) {
    Problems.limitedBody(router.post("/api/v1/adjustments"), MAX_BODY).handler(this::create);
    router.get("/api/v1/adjustments").handler(this::list);
    router.get("/api/v1/adjustments/:id").handler(this::get);
    router.delete("/api/v1/adjustments/:id").handler(this::delete);
    router.get("/api/v1/slos/:name/adjustments").handler(this::ofSlo);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    for (String k : body.fieldNames()) {
      if (!FIELDS.contains(k)) {
        throw HttpProblem.badRequest(
            k,
            "unknown field "
                + k
                + "; expected "
                + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    Optional<String> slo = text(body, "slo", MAX_NAME);
    Optional<String> service = text(body, "service", MAX_NAME);
    if (slo.isPresent() == service.isPresent()) {
      throw HttpProblem.badRequest(
          slo.isPresent() ? "service" : "slo",
          "give exactly one of slo and service: what the period does not count for");
    }
    if (slo.isPresent() && catalog.spec(slo.get()).isEmpty()) {
      throw unprocessable("slo", "no SLO named " + slo.get() + " is loaded");
    }
    if (service.isPresent()
        && catalog.specs().stream().noneMatch(s -> s.service().equals(service.get()))) {
      throw unprocessable("service", "no loaded SLO belongs to service " + service.get());
    }
    Instant from =
        instant(body, "from").orElseThrow(() -> HttpProblem.badRequest("from", "from is required"));
    Optional<Instant> until = instant(body, "until");
    Optional<String> duration = text(body, "duration", 16);
    if (until.isPresent() == duration.isPresent()) {
      throw HttpProblem.badRequest("until", "give exactly one of until and duration");
    }
    Instant end = until.orElseGet(() -> from.plus(duration(duration.get())));
    if (!end.isAfter(from)) {
      throw HttpProblem.badRequest("until", "until must be after from");
    }
    if (Duration.between(from, end).compareTo(BudgetAdjustment.MAX_PERIOD) > 0) {
      throw HttpProblem.badRequest(
          "until", "a period may last at most " + BudgetAdjustment.MAX_PERIOD.toDays() + " days");
    }
    String reason =
        text(body, "reason", MAX_TEXT)
            .orElseThrow(
                () ->
                    HttpProblem.badRequest("reason", "reason is required: why it does not count"));
    Optional<String> typed = text(body, "decidedBy", MAX_NAME);
    String decidedBy = actor(ctx, typed);
    vertx
        .executeBlocking(
            () ->
                store.create(
                    slo.isPresent() ? BudgetAdjustment.Scope.SLO : BudgetAdjustment.Scope.SERVICE,
                    slo.orElseGet(service::get),
                    from,
                    end,
                    reason,
                    decidedBy,
                    clock.instant()),
            false)
        .onSuccess(
            stored -> {
              changed.run();
              ctx.response()
                  .setStatusCode(201)
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Location", "/api/v1/adjustments/" + stored.adjustment().id())
                  .end(json(stored).encode());
            })
        .onFailure(
            e ->
                ctx.fail(
                    e instanceof AdjustmentStore.FullException
                        ? conflict("adjustments", e.getMessage())
                        : e));
  }

  private void list(RoutingContext ctx) {
    Optional<String> slo = Optional.ofNullable(ctx.queryParams().get("slo"));
    Optional<String> service = Optional.ofNullable(ctx.queryParams().get("service"));
    vertx
        .executeBlocking(store::list, false)
        .onSuccess(
            all -> {
              JsonArray items = new JsonArray();
              for (AdjustmentStore.Stored s : all) {
                BudgetAdjustment a = s.adjustment();
                boolean keep =
                    slo.map(n -> appliesToSlo(a, n)).orElse(true)
                        && service
                            .map(
                                n ->
                                    a.scope() == BudgetAdjustment.Scope.SERVICE
                                        && a.target().equals(n))
                            .orElse(true);
                if (keep) {
                  items.add(json(s));
                }
              }
              ctx.response()
                  .putHeader("Content-Type", "application/json")
                  .end(new JsonObject().put("items", items).encode());
            })
        .onFailure(ctx::fail);
  }

  private boolean appliesToSlo(BudgetAdjustment a, String slo) {
    Optional<SloSpec> spec = catalog.spec(slo);
    return spec.map(a::appliesTo)
        .orElse(a.scope() == BudgetAdjustment.Scope.SLO && a.target().equals(slo));
  }

  private void ofSlo(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (catalog.spec(name).isEmpty()) {
      throw HttpProblem.notFound("no SLO named " + name);
    }
    ctx.queryParams().set("slo", name);
    list(ctx);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    vertx
        .executeBlocking(() -> store.get(id), false)
        .onSuccess(
            found ->
                found.ifPresentOrElse(
                    s ->
                        ctx.response()
                            .putHeader("Content-Type", "application/json")
                            .end(json(s).encode()),
                    () -> ctx.fail(HttpProblem.notFound("no budget adjustment " + id))))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    vertx
        .executeBlocking(
            () -> {
              Optional<AdjustmentStore.Stored> found = store.get(id);
              if (found.isEmpty()) {
                throw HttpProblem.notFound("no budget adjustment " + id);
              }
              switch (found.get().origin()) {
                case FILE ->
                    throw conflict(
                        "id", id + " is defined in an SLO file: remove it there and reload");
                case BUDGET_RESET ->
                    throw conflict(
                        "id",
                        id
                            + " is the approved budget reset "
                            + found.get().requestKey().orElse("")
                            + ": a decided request stays decided");
                case API -> store.delete(id);
              }
              return found.get();
            },
            false)
        .onSuccess(
            s -> {
              changed.run();
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(ctx::fail);
  }

  private static HttpProblem unprocessable(String field, String detail) {
    return new HttpProblem(422, "Unknown target", detail, java.util.Map.of("field", field));
  }

  private static HttpProblem conflict(String field, String detail) {
    return new HttpProblem(409, "Conflict", detail, java.util.Map.of("field", field));
  }

  /** The JSON of one adjustment. */
  static JsonObject json(AdjustmentStore.Stored s) {
    BudgetAdjustment a = s.adjustment();
    return new JsonObject()
        .put("id", a.id())
        .put("scope", a.scope().name().toLowerCase(Locale.ROOT))
        .put(a.scope() == BudgetAdjustment.Scope.SLO ? "slo" : "service", a.target())
        .put("from", a.from().toString())
        .put("until", a.until().toString())
        .put("reason", a.reason())
        .put("decidedBy", a.decidedBy())
        .put("origin", s.origin().name().toLowerCase(Locale.ROOT))
        .put("request", s.requestKey().orElse(null))
        .put("createdAt", s.createdAt().toString());
  }

  /** Who decided: the request's token, with the typed name as a comment (as the bridge does). */
  private static String actor(RoutingContext ctx, Optional<String> typed) {
    if (typed.isPresent() && typed.get().regionMatches(true, 0, "token:", 0, 6)) {
      throw HttpProblem.badRequest(
          "decidedBy", "decidedBy must not start with 'token:': that names a token");
    }
    String token = ctx.get(BridgeRoutes.ACTOR_KEY);
    if (token == null) {
      return typed.orElseThrow(
          () -> HttpProblem.badRequest("decidedBy", "decidedBy is required without a token"));
    }
    return "token:" + token + typed.map(t -> " (" + t + ")").orElse("");
  }

  private static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw HttpProblem.badRequest(
          "duration",
          "duration must be a positive whole number of m, h or d such as 2h; got " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static Optional<Instant> instant(JsonObject body, String field) {
    Optional<String> raw = text(body, field, 64);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(raw.get().trim()).toInstant());
    } catch (DateTimeParseException e) {
      throw HttpProblem.badRequest(
          field,
          field + " must be an RFC 3339 time such as 2026-11-28T02:00:00Z; got " + raw.get());
    }
  }

  private static Optional<String> text(JsonObject body, String field, int max) {
    Object v = body.getValue(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw HttpProblem.badRequest(field, field + " must be a non-empty string");
    }
    if (s.length() > max) {
      throw HttpProblem.badRequest(field, field + " may have at most " + max + " characters");
    }
    return Optional.of(s.strip());
  }
}
