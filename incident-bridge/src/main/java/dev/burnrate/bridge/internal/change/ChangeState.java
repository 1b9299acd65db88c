package dev.burnrate.bridge.internal.change;

import dev.burnrate.bridge.internal.record.WireState;

/** Where a change is in its life. */
public enum ChangeState implements WireState {
  /** Planned. */
  PLANNED,
  /** Allowed by the gate. */
  APPROVED,
  /** Denied by the gate. */
  REJECTED,
  /** Under way. */
  IN_PROGRESS,
  /** Done. */
  COMPLETED,
  /** Failed. */
  FAILED,
  /** Called off. */
  CANCELLED;

  /** The state of its wire name. */
  public static ChangeState of(String wire) {
    return WireState.of(ChangeState.class, wire);
  }
}
