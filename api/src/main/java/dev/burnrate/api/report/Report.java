package dev.burnrate.api.report;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An SLO and SLA report for one calendar period, per service: what the JSON, CSV, printable page
 * and PDF all show.
 *
 * @param from the period's start (UTC, included)
 * @param to the period's end (UTC, excluded)
 * @param generatedAt when it was computed
 * @param services one entry per service with SLOs, by name
 */
public record Report(String from, String to, String generatedAt, List<ServiceReport> services) {
  /** Checks the report and copies its list. */
  public Report {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(generatedAt, "generatedAt");
    services = List.copyOf(services);
  }

  /**
   * One service's SLOs and incidents over the period.
   *
   * @param service the service
   * @param slos its SLOs
   * @param incidents incidents of the service opened in the period
   * @param mttaSeconds mean time to acknowledge over the acknowledged ones, or null
   * @param mttrSeconds mean time to resolve over the resolved ones, or null
   */
  public record ServiceReport(
      String service,
      List<SloLine> slos,
      List<IncidentLine> incidents,
      Double mttaSeconds,
      Double mttrSeconds) {
    /** Checks the entry and copies its lists. */
    public ServiceReport {
      requireNonNull(service, "service");
      slos = List.copyOf(slos);
      incidents = List.copyOf(incidents);
    }
  }

  /**
   * One SLO over the period.
   *
   * @param slo the SLO's name
   * @param objective its objective
   * @param good good events in the period
   * @param bad bad events in the period
   * @param total all events in the period
   * @param attainment 1 - bad/total, or null without events
   * @param met whether attainment reached the objective (true without events)
   * @param budgetConsumed bad / ((1 - objective) x total): 1 is the whole budget; null without
   *     events
   * @param worstDays up to three days with the lowest SLI, worst first
   * @param sla the SLA's outcome, or null when no SLA covers the SLO
   */
  public record SloLine(
      String slo,
      double objective,
      double good,
      double bad,
      double total,
      Double attainment,
      boolean met,
      Double budgetConsumed,
      List<Day> worstDays,
      SlaOutcome sla) {
    /** Checks the line and copies its list. */
    public SloLine {
      requireNonNull(slo, "slo");
      worstDays = List.copyOf(worstDays);
    }
  }

  /**
   * A day of an SLO.
   *
   * @param day the UTC date, such as 2026-11-14
   * @param sli its SLI
   * @param bad its bad events
   * @param total its events
   */
  public record Day(String day, double sli, double bad, double total) {}

  /**
   * An SLA measured on an SLO's attainment.
   *
   * @param objective the contractual objective
   * @param breached whether attainment fell below it
   * @param credit the fraction of the bill credited (0 when no tier applies)
   */
  public record SlaOutcome(double objective, boolean breached, double credit) {}

  /**
   * An incident opened in the period.
   *
   * @param key its key
   * @param title its title
   * @param slo its SLO, or null
   * @param priority P1..P4
   * @param state its state now
   * @param openedAt when it opened
   * @param acknowledgedAt when it was acknowledged, or null
   * @param resolvedAt when it was resolved, or null
   * @param timeToAcknowledgeSeconds acknowledged - opened, or null
   * @param durationSeconds resolved - opened, or null while unresolved
   */
  public record IncidentLine(
      String key,
      String title,
      String slo,
      String priority,
      String state,
      String openedAt,
      String acknowledgedAt,
      String resolvedAt,
      Long timeToAcknowledgeSeconds,
      Long durationSeconds) {}
}
