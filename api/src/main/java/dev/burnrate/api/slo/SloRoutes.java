package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.slo.definition.BudgetAdjustment;
import dev.burnrate.slo.definition.Diagnostic;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.yaml.Durations;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The SLO endpoints: {@code GET /api/v1/slos}, {@code GET /api/v1/slos/{name}}, {@code GET
 * /api/v1/slos/{name}/history} and {@code POST /api/v1/slos/reload}.
 */
public final class SloRoutes {
  static final Set<String> STATES = Set.of("ok", "firing", "no_data", "not_evaluable");
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;

  private final Vertx vertx;
  private final SloCatalog catalog;
  private final SloEngine engine;
  private final SloHistory history;
  private final Clock clock;
  private final Function<String, JsonObject> incidents;

  private SloRoutes(
      Vertx vertx,
      SloCatalog catalog,
      SloEngine engine,
      DataSource dataSource,
      Clock clock,
      Function<String, JsonObject> incidents) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.catalog = requireNonNull(catalog, "catalog");
    this.engine = requireNonNull(engine, "engine");
    this.history = new SloHistory(dataSource);
    this.clock = requireNonNull(clock, "clock");
    this.incidents = requireNonNull(incidents, "incidents");
    this.groups =
        new SloGroupJson(
            engine, dev.burnrate.slo.definition.SloGroups.DEFAULT_MAX_GROUPS, slo -> 0);
  }

  /**
   * The routes over the catalog, the engine's statuses and the stored buckets.
   *
   * @param incidents the open incident linked to an SLO, as JSON, or null; must not block
   */
  public static SloRoutes create(
      Vertx vertx,
      SloCatalog catalog,
      SloEngine engine,
      DataSource dataSource,
      Clock clock,
      Function<String, JsonObject> incidents) {
    return new SloRoutes(vertx, catalog, engine, dataSource, clock, incidents);
  }

  /** Mounts the routes. */
  public void mount(Router router) {
    router.get("/api/v1/slos").handler(this::list);
    router.post("/api/v1/slos/reload").handler(this::reload);
    router.get("/api/v1/slos/:name").handler(this::get);
    router.get("/api/v1/slos/:name/history").handler(this::history);
  }

  private volatile SloGroupJson groups;

  /**
   * Shows grouped SLOs with their limit of instances and the series that went over it at ingest (by
   * SLO name); without it the ingest count reads 0.
   */
  public SloRoutes groupLimits(
      int maxGroupsPerSlo, java.util.function.ToLongFunction<String> refusedAtIngest) {
    groups = new SloGroupJson(engine, maxGroupsPerSlo, refusedAtIngest);
    return this;
  }

  private Map<String, SloSpec> catalogByName() {
    Map<String, SloSpec> out = new java.util.HashMap<>();
    for (SloSpec s : catalog.specs()) {
      out.put(s.name(), s);
    }
    return out;
  }

  private JsonObject statusOf(SloSpec spec) {
    return statusOf(spec, Optional.empty());
  }

  private JsonObject statusOf(SloSpec spec, Optional<SloSpec> parent) {
    JsonObject o = SloJson.status(spec, engine.status(spec.name()), incidents.apply(spec.name()));
    groups.decorate(o, spec, parent);
    // The adjustments that leave minutes of the current window out of its numbers.
    Instant now = clock.instant();
    Instant windowStart = now.minus(spec.window().nominalLength());
    JsonArray adjusted = new JsonArray();
    for (BudgetAdjustment a : engine.adjustments()) {
      if (a.appliesTo(spec) && a.until().isAfter(windowStart) && a.from().isBefore(now)) {
        adjusted.add(
            new JsonObject()
                .put("id", a.id())
                .put("from", a.from().toString())
                .put("until", a.until().toString())
                .put("reason", a.reason())
                .put("decidedBy", a.decidedBy()));
      }
    }
    return o.put("budgetAdjustments", adjusted);
  }

  private void list(RoutingContext ctx) {
    Optional<String> service = param(ctx, "service");
    Optional<String> state = param(ctx, "state");
    if (state.isPresent() && !STATES.contains(state.get())) {
      throw HttpProblem.badRequest(
          "state", "state must be one of ok, firing, no_data, not_evaluable; got " + state.get());
    }
    boolean summary = false;
    Optional<String> view = param(ctx, "view");
    if (view.isPresent()) {
      if (!view.get().equals("summary") && !view.get().equals("full")) {
        throw HttpProblem.badRequest("view", "view must be full or summary; got " + view.get());
      }
      summary = view.get().equals("summary");
    }
    int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    Optional<String> slo = param(ctx, "slo");
    Map<String, String> group = groupParams(ctx);
    // Each grouped SLO is followed by its instances, in name order.
    List<JsonObject> matching = new java.util.ArrayList<>();
    for (SloSpec s : catalog.specs()) {
      if ((service.isPresent() && !s.service().equals(service.get()))
          || (slo.isPresent() && !s.name().equals(slo.get()))) {
        continue;
      }
      if (group.isEmpty()) {
        matching.add(statusOf(s));
      }
      if (s.grouped()) {
        for (SloSpec instance : engine.groups(s.name())) {
          JsonObject o = statusOf(instance, Optional.of(s));
          JsonObject labels = o.getJsonObject("group").getJsonObject("labels");
          if (group.entrySet().stream()
              .allMatch(e -> e.getValue().equals(labels.getString(e.getKey())))) {
            matching.add(o);
          }
        }
      }
    }
    matching =
        matching.stream()
            .filter(o -> state.isEmpty() || o.getString("state").equals(state.get()))
            .toList();
    JsonArray items = new JsonArray();
    matching.stream()
        .skip(offset)
        .limit(limit)
        .map(summary ? SloJson::summary : o -> o)
        .forEach(items::add);
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(
            new JsonObject()
                .put("items", items)
                .put("total", matching.size())
                .put("limit", limit)
                .put("offset", offset)
                .encode());
  }

  /**
   * The {@code group} filters, each {@code label=value} (an instance must have every one); a filter
   * without {@code =} is a 400.
   */
  private static Map<String, String> groupParams(RoutingContext ctx) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String g : ctx.queryParam("group")) {
      int eq = g.indexOf('=');
      if (eq <= 0) {
        throw HttpProblem.badRequest(
            "group", "group must be label=value, such as group=route=/pay; got " + g);
      }
      out.put(g.substring(0, eq), g.substring(eq + 1));
    }
    return out;
  }

  private SloSpec spec(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    return catalog
        .spec(name)
        .or(() -> instance(name))
        .orElseThrow(() -> HttpProblem.notFound("no SLO named " + name));
  }

  /** An instance of a grouped SLO of the catalog that the engine holds. */
  private Optional<SloSpec> instance(String name) {
    return engine.spec(name).filter(s -> groups.parentOf(s, catalogByName()).isPresent());
  }

  private void get(RoutingContext ctx) {
    SloSpec spec = spec(ctx);
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(statusOf(spec, groups.parentOf(spec, catalogByName())).encode());
  }

  private void history(RoutingContext ctx) {
    SloSpec spec = spec(ctx);
    Instant to = instantParam(ctx, "to").orElse(clock.instant());
    Instant from = instantParam(ctx, "from").orElse(to.minus(spec.window().nominalLength()));
    if (!from.isBefore(to)) {
      throw HttpProblem.badRequest("from", "from must be before to");
    }
    Duration range = Duration.between(from, to);
    if (range.compareTo(SloHistory.MAX_RANGE) > 0) {
      throw HttpProblem.badRequest(
          "from", "from and to may be at most " + SloHistory.MAX_RANGE.toDays() + " days apart");
    }
    Duration step = stepParam(ctx, range);
    if (range.dividedBy(step) + 1 > SloHistory.MAX_POINTS) {
      throw HttpProblem.badRequest(
          "step",
          "step "
              + Durations.format(step)
              + " gives more than "
              + SloHistory.MAX_POINTS
              + " points over this range; use a larger step");
    }
    vertx
        .executeBlocking(() -> history.history(spec, from, to, step), false)
        .onSuccess(
            json -> ctx.response().putHeader("Content-Type", "application/json").end(json.encode()))
        .onFailure(ctx::fail);
  }

  private void reload(RoutingContext ctx) {
    vertx
        .executeBlocking(catalog::reload, false)
        .onSuccess(
            r -> {
              JsonObject body =
                  new JsonObject()
                      .put("applied", r.applied())
                      .put("slos", catalog.specs().size())
                      .put("added", new JsonArray(r.added()))
                      .put("removed", new JsonArray(r.removed()))
                      .put("errors", diagnostics(r.result().errors()))
                      .put("warnings", diagnostics(r.result().warnings()));
              if (r.applied()) {
                ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
              } else {
                ctx.fail(
                    new HttpProblem(
                        422,
                        "Invalid SLO files",
                        r.result().errors().size()
                            + " errors in the SLO files; the "
                            + catalog.specs().size()
                            + " running SLOs are kept",
                        Map.of(
                            "errors", body.getJsonArray("errors"),
                            "warnings", body.getJsonArray("warnings"))));
              }
            })
        .onFailure(ctx::fail);
  }

  private static JsonArray diagnostics(List<Diagnostic> list) {
    JsonArray a = new JsonArray();
    for (Diagnostic d : list) {
      a.add(
          new JsonObject()
              .put("file", d.location().file())
              .put("line", d.location().line())
              .put("column", d.location().column())
              .put("field", d.field())
              .put("message", d.message())
              .put("text", d.format()));
    }
    return a;
  }

  private static Optional<String> param(RoutingContext ctx, String name) {
    return Optional.ofNullable(ctx.queryParams().get(name)).filter(s -> !s.isBlank());
  }

  private static int intParam(RoutingContext ctx, String name, int def, int min, int max) {
    Optional<String> raw = param(ctx, name);
    if (raw.isEmpty()) {
      return def;
    }
    try {
      int v = Integer.parseInt(raw.get().trim());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw HttpProblem.badRequest(
        name, name + " must be an integer from " + min + " to " + max + "; got " + raw.get());
  }

  private static Optional<Instant> instantParam(RoutingContext ctx, String name) {
    Optional<String> raw = param(ctx, name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    Instant at;
    try {
      at = Instant.parse(raw.get().trim());
    } catch (DateTimeParseException e) {
      throw HttpProblem.badRequest(
          name, name + " must be an RFC 3339 time such as 2026-01-31T12:00:00Z; got " + raw.get());
    }
    if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
      throw HttpProblem.badRequest(
          name, name + " must be a time in the years 0000 to 9999, got " + raw.get());
    }
    return Optional.of(at);
  }

  // Four-digit years, as RFC 3339 has them, all inside PostgreSQL's range.
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private static Duration stepParam(RoutingContext ctx, Duration range) {
    Optional<String> raw = param(ctx, "step");
    if (raw.isEmpty()) {
      // About 300 points, in whole minutes.
      long minutes = Math.max(1, (range.toMinutes() + 299) / 300);
      return Duration.ofMinutes(minutes);
    }
    Duration step;
    try {
      step = parseStep(raw.get().trim());
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest("step", e.getMessage());
    }
    return step;
  }

  static Duration parseStep(String s) {
    try {
      Duration d = Durations.parse(s);
      if (!d.isZero() && d.toSecondsPart() == 0 && d.toNanosPart() == 0) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw new IllegalArgumentException(
        "step must be a whole number of minutes, hours or days such as 1m, 5m, 1h, 1d; got " + s);
  }
}
