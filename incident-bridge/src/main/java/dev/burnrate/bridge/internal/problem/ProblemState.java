package dev.burnrate.bridge.internal.problem;

import dev.burnrate.bridge.internal.record.WireState;

/** Where a problem is in its life. */
public enum ProblemState implements WireState {
  /** Under investigation. */
  OPEN,
  /** Root cause and workaround known. */
  KNOWN_ERROR,
  /** Fixed. */
  RESOLVED,
  /** Done, by a person's decision. */
  CLOSED;

  /** The state of its wire name. */
  public static ProblemState of(String wire) {
    return WireState.of(ProblemState.class, wire);
  }
}
