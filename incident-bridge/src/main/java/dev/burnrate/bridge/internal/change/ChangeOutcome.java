package dev.burnrate.bridge.internal.change;

import java.util.Locale;

/** How a change turned out, as change-failure counts see it. */
public enum ChangeOutcome {
  /** Not carried out (planned, approved, rejected or cancelled). */
  NOT_DEPLOYED,
  /** Under way, or done and still inside its correlation window. */
  PENDING,
  /** Done, and no incident followed inside the correlation window. */
  SUCCESSFUL,
  /** An incident on its service or a dependency followed inside the correlation window. */
  FAILED_SUSPECT,
  /** Reported failed. */
  FAILED;

  /** The outcome as the API writes it, such as {@code failed_suspect}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether it counts as a failed change. */
  public boolean failure() {
    return this == FAILED_SUSPECT || this == FAILED;
  }
}
