package dev.burnrate.bridge;

/**
 * One service's gate policy.
 *
 * @param freezeBelow deny normal changes at or below this remaining budget
 * @param freezeOnMajorIncident deny normal changes during an open P1/P2 incident
 */
public record ServiceGate(double freezeBelow, boolean freezeOnMajorIncident) {}
