package dev.burnrate.bridge.internal.problem;

import java.util.Locale;

/** Where a problem is in its life. */
public enum ProblemState {
  /** Under investigation. */
  OPEN,
  /** Root cause and workaround known. */
  KNOWN_ERROR,
  /** Fixed. */
  RESOLVED,
  /** Done, by a person's decision. */
  CLOSED;

  /** The state as the API and the database write it, such as {@code open}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state of its wire name. */
  public static ProblemState of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
