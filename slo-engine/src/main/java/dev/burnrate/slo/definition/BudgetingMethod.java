package dev.burnrate.slo.definition;

/** How an SLO counts its budget, as OpenSLO v1 defines it. */
public enum BudgetingMethod {
  /** Good events over total events in the window. */
  OCCURRENCES,
  /** Good time slices over all slices; a slice is good when its SLI meets the slice target. */
  TIMESLICES,
  /** The average of the per-slice SLI ratios. */
  RATIO_TIMESLICES
}
