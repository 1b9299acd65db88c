package dev.burnrate.api.slo;

import dev.burnrate.slo.definition.SloGroups;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.SloEngine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * What an SLO's status says about groups and composites: a grouped SLO's grouping labels, its
 * number of instances, the limit and what went over it (with a warning); an instance's SLO and
 * group labels; a composite's components and weights.
 */
final class SloGroupJson {
  private final SloEngine engine;
  private final int limit;
  private final ToLongFunction<String> refusedAtIngest;

  SloGroupJson(SloEngine engine, int limit, ToLongFunction<String> refusedAtIngest) {
    this.engine = engine;
    this.limit = limit;
    this.refusedAtIngest = refusedAtIngest;
  }

  /** The parent of an instance, when {@code spec} is one and its SLO is still loaded. */
  Optional<SloSpec> parentOf(SloSpec spec, Map<String, SloSpec> catalog) {
    return SloGroups.parentOf(spec.name())
        .map(catalog::get)
        .filter(p -> p.grouped() && SloGroups.values(spec.name(), p).isPresent());
  }

  /** Adds the group fields to an SLO's status. */
  JsonObject decorate(JsonObject status, SloSpec spec, Optional<SloSpec> parent) {
    if (parent.isPresent()) {
      List<String> values = SloGroups.values(spec.name(), parent.get()).orElseThrow();
      status.put(
          "group",
          new JsonObject()
              .put("slo", parent.get().name())
              .put(
                  "labels",
                  new JsonObject(Map.copyOf(SloGroups.groupLabels(parent.get(), values)))));
    }
    if (spec.grouped()) {
      int groups = engine.groups(spec.name()).size();
      long ingest = refusedAtIngest.applyAsLong(spec.name());
      long inEngine = engine.groupsOverLimit(spec.name());
      JsonObject g =
          new JsonObject()
              .put("labels", new JsonArray(spec.grouping()))
              .put("groups", groups)
              .put("limit", limit)
              .put("overLimit", new JsonObject().put("ingest", ingest).put("engine", inEngine));
      JsonArray warnings = new JsonArray();
      if (ingest > 0 || inEngine > 0) {
        warnings.add(
            "the limit of "
                + limit
                + " groups is reached: series of further groups count in this SLO but in no"
                + " instance ("
                + ingest
                + " series matches at ingest, "
                + inEngine
                + " bucket changes in the engine); raise engine.maxGroupsPerSlo or group by fewer"
                + " labels");
      }
      status.put("grouping", g).put("warnings", warnings);
    }
    if (spec.composite()) {
      JsonArray components = new JsonArray();
      for (SloSpec.Component c : spec.components()) {
        components.add(new JsonObject().put("slo", c.slo()).put("weight", c.weight()));
      }
      status.put("components", components);
    }
    return status;
  }
}
