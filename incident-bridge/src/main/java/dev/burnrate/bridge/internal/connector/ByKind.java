package dev.burnrate.bridge.internal.connector;

import dev.burnrate.bridge.internal.outbox.Snapshot;

/**
 * One value for each record kind, such as a tool's collection of incidents, problems and changes.
 *
 * @param incident the incident's value (also for a kind not known)
 * @param problem the problem's value
 * @param change the change's value
 * @param <T> the values' type
 */
public record ByKind<T>(T incident, T problem, T change) {
  /** The value of a kind: {@code incident}, {@code problem} or {@code change}. */
  public T of(String kind) {
    return switch (kind) {
      case Snapshot.PROBLEM -> problem;
      case Snapshot.CHANGE -> change;
      default -> incident;
    };
  }
}
