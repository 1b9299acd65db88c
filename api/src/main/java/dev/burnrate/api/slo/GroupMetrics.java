package dev.burnrate.api.slo;

import dev.burnrate.slo.engine.SloEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Per grouped SLO: how many instances it has ({@code burnrate_slo_groups}) and how many series
 * matches (ingest) and bucket changes (engine) found it at its limit and so counted in no instance
 * ({@code burnrate_slo_group_over_limit}, by {@code stage}).
 */
public final class GroupMetrics {
  private final SloEngine engine;
  private final ToLongFunction<String> refusedAtIngest;
  private final MultiGauge groups;
  private final MultiGauge overLimit;

  /** Gauges of the engine's grouped SLOs, registered in {@code registry}. */
  public GroupMetrics(
      SloEngine engine, ToLongFunction<String> refusedAtIngest, MeterRegistry registry) {
    this.engine = engine;
    this.refusedAtIngest = refusedAtIngest;
    this.groups = gauge(registry, "burnrate.slo.groups", "Instances (groups) of a grouped SLO");
    this.overLimit =
        gauge(
            registry,
            "burnrate.slo.group.over.limit",
            "Series matches (stage ingest) and bucket changes (stage engine) of groups beyond the"
                + " limit of a grouped SLO, counted in no instance");
  }

  private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry);
  }

  /** Reads the counts again: call it after every tick. */
  public void update() {
    List<MultiGauge.Row<?>> g = new ArrayList<>();
    List<MultiGauge.Row<?>> o = new ArrayList<>();
    for (String name : engine.groupedSlos()) {
      g.add(MultiGauge.Row.of(Tags.of("slo", name), engine.groups(name).size()));
      o.add(
          MultiGauge.Row.of(
              Tags.of("slo", name, "stage", "ingest"), refusedAtIngest.applyAsLong(name)));
      o.add(
          MultiGauge.Row.of(Tags.of("slo", name, "stage", "engine"), engine.groupsOverLimit(name)));
    }
    groups.register(g, true);
    overLimit.register(o, true);
  }
}
