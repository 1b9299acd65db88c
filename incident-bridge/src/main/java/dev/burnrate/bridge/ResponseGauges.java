package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.incident.ResponseSql.By;
import dev.burnrate.bridge.internal.incident.ResponseSql.Group;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The numbers behind the incident response gauges: per service, team and priority, the mean times
 * to acknowledge and resolve and the share inside targets over the report window, and every breach
 * recorded by target.
 *
 * @param groups one row per dimension and group
 * @param breaches breaches ever recorded, by target ({@code acknowledge}, {@code resolve})
 */
public record ResponseGauges(List<Row> groups, Map<String, Long> breaches) {
  /** Checks the numbers and copies them. */
  public ResponseGauges {
    groups = List.copyOf(groups);
    breaches = Map.copyOf(breaches);
  }

  /** The gauges of the report groups of every dimension and the breaches recorded by target. */
  static ResponseGauges of(Map<By, List<Group>> recent, Map<String, Long> breaches) {
    List<Row> rows = new ArrayList<>();
    recent.forEach(
        (by, groups) -> {
          for (Group g : groups) {
            rows.add(
                new Row(
                    by.wire(),
                    g.name(),
                    g.incidents(),
                    seconds(g.mtta()),
                    seconds(g.mttr()),
                    g.incidents() == 0 ? 1.0 : (double) g.insideTargets() / g.incidents()));
          }
        });
    return new ResponseGauges(rows, breaches);
  }

  private static double seconds(Duration d) {
    return d == null ? Double.NaN : d.toMillis() / 1000.0;
  }

  /**
   * One group.
   *
   * @param by service, team or priority
   * @param name the service, the team or the priority
   * @param incidents incidents opened in the window
   * @param mttaSeconds mean time to acknowledge, NaN when none was acknowledged
   * @param mttrSeconds mean time to resolve, NaN when none was resolved
   * @param insideTargets the share of incidents that breached no target, 0 to 1
   */
  public record Row(
      String by,
      String name,
      long incidents,
      double mttaSeconds,
      double mttrSeconds,
      double insideTargets) {
    /** Checks the row. */
    public Row {
      requireNonNull(by, "by");
      requireNonNull(name, "name");
    }
  }
}
