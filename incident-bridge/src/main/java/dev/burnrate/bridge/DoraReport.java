package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * DORA's four keys of one service over a window, from its change and incident records.
 *
 * @param service the service
 * @param window how far back it looks
 * @param deployments changes that finished (completed or failed) inside the window
 * @param deploymentsPerDay deployments divided by the window's length in days
 * @param leadTime the median time from commit ({@code source.committedAt}) to deployment, when any
 *     deployment carried its commit time
 * @param leadTimeSamples how many deployments carried their commit time
 * @param failedDeployments deployments reported failed or marked failed-suspect
 * @param changeFailureRate failed deployments over deployments, when there were any
 * @param timeToRestore the median time from open to resolve of the service's incidents resolved
 *     inside the window, when any
 * @param restoredIncidents how many incidents were resolved inside the window
 */
public record DoraReport(
    String service,
    Duration window,
    long deployments,
    double deploymentsPerDay,
    Optional<Duration> leadTime,
    long leadTimeSamples,
    long failedDeployments,
    OptionalDouble changeFailureRate,
    Optional<Duration> timeToRestore,
    long restoredIncidents) {
  /** Checks the report. */
  public DoraReport {
    requireNonNull(service, "service");
    requireNonNull(window, "window");
    requireNonNull(leadTime, "leadTime");
    requireNonNull(changeFailureRate, "changeFailureRate");
    requireNonNull(timeToRestore, "timeToRestore");
  }
}
