package dev.burnrate.api.observability;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.ResponseGauges;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Incident response numbers from the bridge, read after every engine tick: per service, team and
 * priority ({@code by}, {@code name}) the mean times to acknowledge and resolve and the share of
 * incidents inside their targets over the report window, and a counter of breaches by target.
 */
public final class ResponseMetrics {
  private final Supplier<ResponseGauges> gauges;
  private final GaugeRows mtta;
  private final GaugeRows mttr;
  private final GaugeRows inside;
  private final Map<String, AtomicLong> breaches = new ConcurrentHashMap<>();

  /**
   * Registers the meters; they read nothing until the first {@link #refresh()}.
   *
   * @param gauges the bridge's response numbers ({@code IncidentBridge::responseGauges})
   * @param registry where to register
   */
  public ResponseMetrics(Supplier<ResponseGauges> gauges, MeterRegistry registry) {
    this.gauges = requireNonNull(gauges, "gauges");
    mtta =
        GaugeRows.register(
            registry,
            "burnrate.bridge.incident.mtta",
            "Mean time to acknowledge incidents opened in the report window",
            "seconds");
    mttr =
        GaugeRows.register(
            registry,
            "burnrate.bridge.incident.mttr",
            "Mean time to resolve incidents opened in the report window",
            "seconds");
    inside =
        GaugeRows.register(
            registry,
            "burnrate.bridge.incident.inside.targets",
            "Share of incidents opened in the report window that breached no target",
            "ratio");
    for (String target : List.of("acknowledge", "resolve")) {
      AtomicLong n = breaches.computeIfAbsent(target, t -> new AtomicLong());
      FunctionCounter.builder("burnrate.bridge.incident.breaches", n, AtomicLong::get)
          .description("Response-target breaches recorded, by target")
          .tag("target", target)
          .register(registry);
    }
  }

  /** Reads the numbers again; blocks on the bridge's database. */
  public void refresh() {
    ResponseGauges g = gauges.get();
    for (ResponseGauges.Row row : g.groups()) {
      Tags tags = Tags.of("by", row.by(), "name", row.name());
      // NaN while none of the group's incidents was acknowledged (resolved): no mean yet.
      mtta.add(tags, row.mttaSeconds());
      mttr.add(tags, row.mttrSeconds());
      inside.add(tags, row.insideTargets());
    }
    mtta.publish();
    mttr.publish();
    inside.publish();
    g.breaches()
        .forEach((target, n) -> breaches.computeIfAbsent(target, t -> new AtomicLong()).set(n));
  }
}
