package dev.burnrate.api.observability;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.DoraReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
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
  private final MultiGauge deployments;
  private final MultiGauge perDay;
  private final MultiGauge leadTime;
  private final MultiGauge failureRatio;
  private final MultiGauge restore;

  /**
   * Registers the gauges; they have no rows until the first {@link #refresh()}.
   *
   * @param reports the bridge's DORA reports ({@code IncidentBridge::dora})
   * @param registry where to register
   */
  public DoraMetrics(Function<Duration, List<DoraReport>> reports, MeterRegistry registry) {
    this.reports = requireNonNull(reports, "reports");
    deployments =
        MultiGauge.builder("burnrate.dora.deployments")
            .description("Deployments (changes completed or failed) in the last 30 days")
            .register(registry);
    perDay =
        MultiGauge.builder("burnrate.dora.deployments.per.day")
            .description("Deployment frequency: deployments per day over the last 30 days")
            .register(registry);
    leadTime =
        MultiGauge.builder("burnrate.dora.lead.time")
            .description("Median lead time for changes, commit to deployment, last 30 days")
            .baseUnit("seconds")
            .register(registry);
    failureRatio =
        MultiGauge.builder("burnrate.dora.change.failure.ratio")
            .description("Change failure rate: failed or failed-suspect deployments, last 30 days")
            .register(registry);
    restore =
        MultiGauge.builder("burnrate.dora.time.to.restore")
            .description("Median time to restore service (incident open to resolve), last 30 days")
            .baseUnit("seconds")
            .register(registry);
  }

  /** Reads the reports again; blocks on the bridge's database. */
  public void refresh() {
    List<MultiGauge.Row<?>> d = new ArrayList<>();
    List<MultiGauge.Row<?>> f = new ArrayList<>();
    List<MultiGauge.Row<?>> l = new ArrayList<>();
    List<MultiGauge.Row<?>> r = new ArrayList<>();
    List<MultiGauge.Row<?>> t = new ArrayList<>();
    for (DoraReport rep : reports.apply(WINDOW)) {
      Tags service = Tags.of("service", rep.service());
      d.add(MultiGauge.Row.of(service, rep.deployments()));
      f.add(MultiGauge.Row.of(service, rep.deploymentsPerDay()));
      rep.leadTime().ifPresent(x -> l.add(MultiGauge.Row.of(service, x.toMillis() / 1000.0)));
      rep.changeFailureRate().ifPresent(x -> r.add(MultiGauge.Row.of(service, x)));
      rep.timeToRestore().ifPresent(x -> t.add(MultiGauge.Row.of(service, x.toMillis() / 1000.0)));
    }
    deployments.register(d, true);
    perDay.register(f, true);
    leadTime.register(l, true);
    failureRatio.register(r, true);
    restore.register(t, true);
  }
}
