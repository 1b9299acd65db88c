package dev.burnrate.bridge.internal.change;

import dev.burnrate.bridge.DoraReport;
import java.time.Duration;
import java.util.List;

/**
 * DORA's four keys of one service as the API writes them: durations in seconds, a ratio null when
 * there was no deployment.
 */
public record DoraView(
    String service,
    String window,
    long windowSeconds,
    Frequency deploymentFrequency,
    LeadTime leadTimeForChanges,
    FailureRate changeFailureRate,
    Restore timeToRestore) {

  /** Every service's report over one window. */
  public record All(String window, long windowSeconds, List<DoraView> items) {}

  /** How often the service deployed. */
  public record Frequency(long deployments, double perDay) {}

  /** The median time from commit to deployment. */
  public record LeadTime(Double medianSeconds, long samples) {}

  /** The share of deployments that failed. */
  public record FailureRate(long failed, long deployments, Double ratio) {}

  /** The median time incidents took to resolve. */
  public record Restore(Double medianSeconds, long incidents) {}

  static DoraView of(DoraReport r) {
    return new DoraView(
        r.service(),
        DoraService.format(r.window()),
        r.window().toSeconds(),
        new Frequency(r.deployments(), r.deploymentsPerDay()),
        new LeadTime(seconds(r.leadTime().orElse(null)), r.leadTimeSamples()),
        new FailureRate(
            r.failedDeployments(),
            r.deployments(),
            r.changeFailureRate().isPresent() ? r.changeFailureRate().getAsDouble() : null),
        new Restore(seconds(r.timeToRestore().orElse(null)), r.restoredIncidents()));
  }

  private static Double seconds(Duration d) {
    return d == null ? null : d.toMillis() / 1000.0;
  }
}
