package dev.burnrate.bridge.internal.change;

import java.util.Locale;

/** Where a change is in its life. */
public enum ChangeState {
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

  /** The state as the API and the database write it, such as {@code planned}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state of its wire name. */
  public static ChangeState of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
