package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.record.Priority;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts behind the bridge's gauges, such as {@code burnrate_bridge_incidents_open{priority}}.
 *
 * @param activeIncidents open or acknowledged incidents by priority, {@code P1} to {@code P4},
 *     every priority present
 * @param openProblems problems not yet resolved (open or known error)
 */
public record BridgeGauges(Map<String, Long> activeIncidents, long openProblems) {
  /** The priorities, most urgent first, as the gauges' {@code priority} tag writes them. */
  public static final List<String> PRIORITIES =
      Arrays.stream(Priority.values()).map(Priority::name).toList();

  /** Checks the counts and fills in the priorities without incidents. */
  public BridgeGauges {
    requireNonNull(activeIncidents, "activeIncidents");
    Map<String, Long> all = new LinkedHashMap<>();
    for (String p : PRIORITIES) {
      all.put(p, activeIncidents.getOrDefault(p, 0L));
    }
    activeIncidents = Collections.unmodifiableMap(all);
  }
}
