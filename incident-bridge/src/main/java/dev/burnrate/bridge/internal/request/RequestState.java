package dev.burnrate.bridge.internal.request;

import java.util.Locale;

/** Where a service request is: pending until a second person decides. */
public enum RequestState {
  /** Waits for a decision. */
  PENDING,
  /** Approved. */
  APPROVED,
  /** Rejected. */
  REJECTED;

  /** The state as the API and the database write it, such as {@code pending}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state of its wire name. */
  public static RequestState of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
