package dev.burnrate.api.observability;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.DoraReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * DORA's four keys per service over the last 30 days as gauges, such as {@code
 * burnrate_dora_change_failure_ratio{service}}; a key without data (no deployment, no commit time,
 * no resolved incident) has no row for that service.
 */
public final class DoraMetrics {
  /** The window the gauges cover. */
  public static final Duration WINDOW = Duration.ofDays(30);

  private final Function<Duration, List<DoraReport>> reports;
  private final GaugeRows deployments;
  private final GaugeRows perDay;
  private final GaugeRows leadTime;
  private final GaugeRows failureRatio;
  private final GaugeRows restore;

  /**
   * Registers the gauges; they have no rows until the first {@link #refresh()}.
   *
   * @param reports the bridge's DORA reports ({@code IncidentBridge::dora})
   * @param registry where to register
   */
  public DoraMetrics(Function<Duration, List<DoraReport>> reports, MeterRegistry registry) {
    this.reports = requireNonNull(reports, "reports");
    deployments =
        GaugeRows.register(
            registry,
            "burnrate.dora.deployments",
            "Deployments (changes completed or failed) in the last 30 days");
    perDay =
        GaugeRows.register(
            registry,
            "burnrate.dora.deployments.per.day",
            "Deployment frequency: deployments per day over the last 30 days");
    leadTime =
        GaugeRows.register(
            registry,
            "burnrate.dora.lead.time",
            "Median lead time for changes, commit to deployment, last 30 days",
            "seconds");
    failureRatio =
        GaugeRows.register(
            registry,
            "burnrate.dora.change.failure.ratio",
            "Change failure rate: failed or failed-suspect deployments, last 30 days");
    restore =
        GaugeRows.register(
            registry,
            "burnrate.dora.time.to.restore",
            "Median time to restore service (incident open to resolve), last 30 days",
            "seconds");
  }

  /** Reads the reports again; blocks on the bridge's database. */
  public void refresh() {
    for (DoraReport rep : reports.apply(WINDOW)) {
      Tags service = Tags.of("service", rep.service());
      deployments.add(service, rep.deployments());
      perDay.add(service, rep.deploymentsPerDay());
      rep.leadTime().ifPresent(x -> leadTime.add(service, x.toMillis() / 1000.0));
      rep.changeFailureRate().ifPresent(x -> failureRatio.add(service, x));
      rep.timeToRestore().ifPresent(x -> restore.add(service, x.toMillis() / 1000.0));
    }
    deployments.publish();
    perDay.publish();
    leadTime.publish();
    failureRatio.publish();
    restore.publish();
  }
}
