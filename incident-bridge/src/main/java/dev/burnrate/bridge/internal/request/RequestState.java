package dev.burnrate.bridge.internal.request;

import java.util.Locale;

/**
 * Where a service request is: submitted and pending a decision, approved or rejected, then (for a
 * type that is fulfilled) fulfilling until fulfilled or failed.
 */
public enum RequestState {
  /** Submitted; waits for a decision. */
  PENDING,
  /** Approved: in force (freeze exception, budget reset) or waiting to be fulfilled by hand. */
  APPROVED,
  /** Rejected. */
  REJECTED,
  /** Approved and being fulfilled by automation. */
  FULFILLING,
  /** Fulfilled. */
  FULFILLED,
  /** Fulfilment failed. */
  FAILED;

  /** The state as the API and the database write it, such as {@code pending}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state of its wire name. */
  public static RequestState of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  /** Whether nothing more happens to a request in this state. */
  public boolean finished() {
    return this == REJECTED || this == FULFILLED || this == FAILED;
  }
}
