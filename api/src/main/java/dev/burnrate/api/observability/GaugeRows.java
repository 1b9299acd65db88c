package dev.burnrate.api.observability;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * One multi-gauge whose rows are replaced as a whole at every refresh: rows are added, then {@link
 * #publish()} makes them the gauge's rows, so a tag set that is not added again leaves {@code
 * /metrics}. Filled and published by one refreshing thread.
 */
public final class GaugeRows {
  private final MultiGauge gauge;
  private List<MultiGauge.Row<?>> next = new ArrayList<>();

  private GaugeRows(MultiGauge gauge) {
    this.gauge = gauge;
  }

  /** Registers a gauge of plain numbers (no unit); it has no rows until the first publish. */
  public static GaugeRows register(MeterRegistry registry, String name, String description) {
    return new GaugeRows(MultiGauge.builder(name).description(description).register(registry));
  }

  /** Registers a gauge in {@code unit} (such as {@code seconds}). */
  public static GaugeRows register(
      MeterRegistry registry, String name, String description, String unit) {
    return new GaugeRows(
        MultiGauge.builder(name)
            .description(description)
            .baseUnit(requireNonNull(unit, "unit"))
            .register(registry));
  }

  /** Adds a row to the next publish. */
  public void add(Tags tags, Number value) {
    next.add(MultiGauge.Row.of(tags, value));
  }

  /** Makes the rows added since the last publish the gauge's rows. */
  public void publish() {
    gauge.register(next, true);
    next = new ArrayList<>();
  }
}
