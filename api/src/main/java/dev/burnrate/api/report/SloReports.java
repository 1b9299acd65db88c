package dev.burnrate.api.report;

import static java.util.Objects.requireNonNull;

import dev.burnrate.api.budget.AdjustmentStore;
import dev.burnrate.bridge.SloIncident;
import dev.burnrate.ingest.store.BucketHistory;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloSpec;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Computes reports from the stored one-minute buckets (the store's {@link BucketHistory}) and the
 * incident records; the one computation behind the JSON, CSV, page and PDF. Blocks on JDBC.
 */
public final class SloReports {
  /** The incidents of a service opened in a period, as the incident bridge answers. */
  @FunctionalInterface
  public interface IncidentsOpened {
    /** The incidents of {@code service} opened in {@code [from, to)}, oldest first. */
    List<SloIncident> of(String service, Instant from, Instant to);
  }

  private static final int WORST_DAYS = 3;

  private final BucketHistory buckets;
  private final AdjustmentStore adjustments;
  private final IncidentsOpened incidents;
  private final Supplier<List<SloSpec>> specs;
  private final List<Sla> slas;
  private final Clock clock;

  /**
   * Reports over the SLOs that {@code specs} gives at the time of each report.
   *
   * @param buckets the store's buckets
   * @param adjustments the budget adjustments, whose minutes the reports leave out
   * @param incidents the incidents of a service in a period ({@code
   *     IncidentBridge::incidentsOpened})
   * @param slas the SLAs per service
   */
  public SloReports(
      BucketHistory buckets,
      AdjustmentStore adjustments,
      IncidentsOpened incidents,
      Supplier<List<SloSpec>> specs,
      List<Sla> slas,
      Clock clock) {
    this.buckets = requireNonNull(buckets, "buckets");
    this.adjustments = requireNonNull(adjustments, "adjustments");
    this.incidents = requireNonNull(incidents, "incidents");
    this.specs = requireNonNull(specs, "specs");
    this.slas = List.copyOf(slas);
    this.clock = requireNonNull(clock, "clock");
  }

  /** The report of the period, optionally for one service only. */
  public Report report(ReportPeriod period, Optional<String> service) throws SQLException {
    Map<String, List<SloSpec>> byService = new TreeMap<>();
    for (SloSpec s : specs.get()) {
      if (service.isEmpty() || service.get().equals(s.service())) {
        byService.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(s);
      }
    }
    List<Report.ServiceReport> services = new ArrayList<>();
    for (Map.Entry<String, List<SloSpec>> e : byService.entrySet()) {
      List<Report.SloLine> lines = new ArrayList<>();
      List<SloSpec> slos = new ArrayList<>(e.getValue());
      slos.sort(Comparator.comparing(SloSpec::name));
      for (SloSpec spec : slos) {
        lines.add(line(spec, period));
      }
      List<Report.IncidentLine> incidents = incidentLines(e.getKey(), period);
      services.add(
          new Report.ServiceReport(
              e.getKey(),
              lines,
              incidents,
              mean(incidents.stream().map(Report.IncidentLine::timeToAcknowledgeSeconds)),
              mean(incidents.stream().map(Report.IncidentLine::durationSeconds))));
    }
    return new Report(
        period.from().toString(), period.to().toString(), clock.instant().toString(), services);
  }

  private Report.SloLine line(SloSpec spec, ReportPeriod period) throws SQLException {
    boolean badCounts = spec.sli().kind() == Sli.Kind.BAD_OVER_TOTAL;
    List<Report.Day> days = new ArrayList<>();
    double good = 0;
    double bad = 0;
    double total = 0;
    // Budget adjustments leave their minutes out, as the engine does.
    List<BucketHistory.LeftOut> leftOut = adjustments.leftOut(spec.name(), spec.service());
    for (BucketHistory.Day d : buckets.days(spec.name(), period.start(), period.end(), leftOut)) {
      double g = d.good();
      double t = d.total();
      // As the engine counts: a bad-over-total SLI stores bad events, the other good ones.
      double b = badCounts ? d.bad() : t - g;
      good += badCounts ? t - b : g;
      bad += b;
      total += t;
      if (t > 0) {
        days.add(new Report.Day(d.day().toString(), 1 - b / t, b, t));
      }
    }
    days.sort(Comparator.comparingDouble(Report.Day::sli).thenComparing(Report.Day::day));
    Double attainment = total > 0 ? 1 - bad / total : null;
    Double consumed = total > 0 ? bad / ((1 - spec.objective()) * total) : null;
    Report.SlaOutcome sla = null;
    for (Sla s : slas) {
      if (s.service().equals(spec.service()) && s.covers(spec.name())) {
        // No traffic breaches nothing: there was nothing to serve.
        double a = attainment == null ? 1 : attainment;
        sla = new Report.SlaOutcome(s.objective(), a < s.objective(), s.credit(a));
        break;
      }
    }
    return new Report.SloLine(
        spec.name(),
        spec.objective(),
        good,
        bad,
        total,
        attainment,
        attainment == null || attainment >= spec.objective(),
        consumed,
        days.subList(0, Math.min(WORST_DAYS, days.size())),
        sla);
  }

  private List<Report.IncidentLine> incidentLines(String service, ReportPeriod period) {
    List<Report.IncidentLine> out = new ArrayList<>();
    for (SloIncident i : incidents.of(service, period.start(), period.end())) {
      Instant opened = i.openedAt();
      Instant acked = i.acknowledgedAt();
      Instant resolved = i.resolvedAt();
      out.add(
          new Report.IncidentLine(
              i.key(),
              i.title(),
              i.slo(),
              i.priority(),
              i.state(),
              opened.toString(),
              acked == null ? null : acked.toString(),
              resolved == null ? null : resolved.toString(),
              acked == null ? null : Duration.between(opened, acked).toSeconds(),
              resolved == null ? null : Duration.between(opened, resolved).toSeconds()));
    }
    return out;
  }

  private static Double mean(java.util.stream.Stream<Long> values) {
    List<Long> present = values.filter(v -> v != null).toList();
    return present.isEmpty()
        ? null
        : present.stream().mapToLong(Long::longValue).average().orElseThrow();
  }
}
