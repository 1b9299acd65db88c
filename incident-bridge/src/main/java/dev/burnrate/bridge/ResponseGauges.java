package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

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
