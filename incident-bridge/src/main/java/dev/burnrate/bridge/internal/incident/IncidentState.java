package dev.burnrate.bridge.internal.incident;

import dev.burnrate.bridge.internal.record.WireState;

/** Where an incident is in its life: open, acknowledged, on hold, resolved, closed. */
public enum IncidentState implements WireState {
  /** Opened, nobody has taken it yet. */
  OPEN,
  /** A person is on it. */
  ACKNOWLEDGED,
  /** Waits on someone outside (a vendor, a customer); its response timers pause. */
  ON_HOLD,
  /** Over; waits to be closed. */
  RESOLVED,
  /** Done. */
  CLOSED;

  /** Whether an incident in this state still needs work (one such incident per dedup key). */
  public boolean active() {
    return this == OPEN || this == ACKNOWLEDGED || this == ON_HOLD;
  }

  /** The state of its wire name. */
  public static IncidentState of(String wire) {
    return WireState.of(IncidentState.class, wire);
  }
}
