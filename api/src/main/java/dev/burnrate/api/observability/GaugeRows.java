package dev.burnrate.api.observability;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One gauge family whose rows are replaced as a whole at every refresh: rows are added, then {@link
 * #publish()} makes them the family's rows, so a tag set that is not added again leaves {@code
 * /metrics}. Filled and published by one refreshing thread.
 *
 * <p>A row's gauge is registered once and from then on only its value changes. Micrometer's {@code
 * MultiGauge} with {@code overwrite} removes and registers every row's gauge again, and a {@code
 * /metrics} scrape that runs meanwhile can see one row twice and fail with {@code
 * DuplicateLabelsException} (micrometer-metrics/micrometer#6851, fixed after 1.17.2).
 */
public final class GaugeRows {
  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final String unit;
  private final Map<Tags, Row> rows = new HashMap<>();
  private final Map<Tags, Double> next = new HashMap<>();

  private GaugeRows(MeterRegistry registry, String name, String description, String unit) {
    this.registry = requireNonNull(registry, "registry");
    this.name = requireNonNull(name, "name");
    this.description = requireNonNull(description, "description");
    this.unit = unit;
  }

  /** A gauge family of plain numbers (no unit); it has no rows until the first publish. */
  public static GaugeRows register(MeterRegistry registry, String name, String description) {
    return new GaugeRows(registry, name, description, null);
  }

  /** A gauge family in {@code unit} (such as {@code seconds}). */
  public static GaugeRows register(
      MeterRegistry registry, String name, String description, String unit) {
    return new GaugeRows(registry, name, description, requireNonNull(unit, "unit"));
  }

  /** Adds a row to the next publish; a tag set added twice keeps the last value. */
  public void add(Tags tags, Number value) {
    next.put(requireNonNull(tags, "tags"), value.doubleValue());
  }

  /** Makes the rows added since the last publish the family's rows. */
  public void publish() {
    for (Iterator<Map.Entry<Tags, Row>> it = rows.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Tags, Row> row = it.next();
      if (!next.containsKey(row.getKey())) {
        registry.remove(row.getValue().gauge);
        it.remove();
      }
    }
    next.forEach(
        (tags, value) -> {
          Row row = rows.get(tags);
          if (row == null) {
            rows.put(tags, row(tags, value));
          } else {
            row.value = value;
          }
        });
    next.clear();
  }

  private Row row(Tags tags, double value) {
    Row row = new Row();
    row.value = value;
    Gauge.Builder<Row> builder =
        Gauge.builder(name, row, r -> r.value).description(description).tags(tags);
    row.gauge = (unit == null ? builder : builder.baseUnit(unit)).register(registry);
    return row;
  }

  /** A row's gauge and the value a scrape reads. */
  private static final class Row {
    volatile double value;
    Gauge gauge;
  }
}
