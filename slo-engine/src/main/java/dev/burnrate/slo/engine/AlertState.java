package dev.burnrate.slo.engine;

/** The state of one burn-rate alert of one SLO. */
public enum AlertState {
  /** The burn is below the alert's factor. */
  OK,
  /** The condition holds but not yet for the rule's {@code alertAfter}. */
  PENDING,
  /** The alert fires. */
  FIRING
}
