package dev.burnrate.bridge.internal.request;

import dev.burnrate.bridge.internal.record.WireState;

/**
 * Where a service request is: submitted and pending a decision, approved or rejected, then (for a
 * type that is fulfilled) fulfilling until fulfilled or failed.
 */
public enum RequestState implements WireState {
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

  /** The state of its wire name. */
  public static RequestState of(String wire) {
    return WireState.of(RequestState.class, wire);
  }

  /** Whether nothing more happens to a request in this state. */
  public boolean finished() {
    return this == REJECTED || this == FULFILLED || this == FAILED;
  }
}
