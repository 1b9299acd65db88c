package dev.burnrate.api.slo;

import dev.burnrate.api.observability.GaugeRows;
import dev.burnrate.slo.engine.SloEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToLongFunction;

/**
 * Per grouped SLO: how many instances it has ({@code burnrate_slo_groups}) and how many series
 * matches (ingest) and bucket changes (engine) found it at its limit and so counted in no instance
 * ({@code burnrate_slo_group_over_limit}, by {@code stage}). Rows are {@link GaugeRows}, so a
 * scrape during an update never sees a row twice.
 */
public final class GroupMetrics {
  private final SloEngine engine;
  private final ToLongFunction<String> refusedAtIngest;
  private final GaugeRows groups;
  private final GaugeRows overLimit;

  /** Gauges of the engine's grouped SLOs, registered in {@code registry}. */
  public GroupMetrics(
      SloEngine engine, ToLongFunction<String> refusedAtIngest, MeterRegistry registry) {
    this.engine = engine;
    this.refusedAtIngest = refusedAtIngest;
    this.groups =
        GaugeRows.register(registry, "burnrate.slo.groups", "Instances (groups) of a grouped SLO");
    this.overLimit =
        GaugeRows.register(
            registry,
            "burnrate.slo.group.over.limit",
            "Series matches (stage ingest) and bucket changes (stage engine) of groups beyond the"
                + " limit of a grouped SLO, counted in no instance");
  }

  /** Reads the counts again: call it after every tick. */
  public void update() {
    for (String name : engine.groupedSlos()) {
      groups.add(Tags.of("slo", name), engine.groups(name).size());
      overLimit.add(Tags.of("slo", name, "stage", "ingest"), refusedAtIngest.applyAsLong(name));
      overLimit.add(Tags.of("slo", name, "stage", "engine"), engine.groupsOverLimit(name));
    }
    groups.publish();
    overLimit.publish();
  }
}
