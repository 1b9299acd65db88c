package dev.burnrate.slo.definition;

import java.time.Duration;
import java.util.List;

/**
 * The default multiwindow, multi-burn-rate alerts of the Google SRE workbook, scaled to an SLO's
 * window as Sloth does: the factor is the share of the budget a rule allows to burn in its long
 * window, times the SLO period, over the long window.
 *
 * <p>For a 30-day window this gives page at 14.4x over 1h and 5m, page at 6x over 6h and 30m,
 * ticket at 3x over 1d and 2h, ticket at 1x over 3d and 6h.
 */
public final class DefaultAlertRules {
  private DefaultAlertRules() {}

  private record Template(
      String name,
      Severity severity,
      double budgetShare,
      Duration longWindow,
      Duration shortWindow) {}

  private static final List<Template> TEMPLATES =
      List.of(
          new Template("page-1h", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5)),
          new Template("page-6h", Severity.PAGE, 0.05, Duration.ofHours(6), Duration.ofMinutes(30)),
          new Template("ticket-1d", Severity.TICKET, 0.10, Duration.ofDays(1), Duration.ofHours(2)),
          new Template(
              "ticket-3d", Severity.TICKET, 0.10, Duration.ofDays(3), Duration.ofHours(6)));

  /** The four default rules for an SLO with the given window. */
  public static List<AlertRule> forWindow(TimeWindow window) {
    return forPeriod(window.nominalLength());
  }

  /** The four default rules for an SLO period. */
  public static List<AlertRule> forPeriod(Duration period) {
    return TEMPLATES.stream().map(t -> rule(t, period)).toList();
  }

  /** The default rules of one severity, for Sloth files that override or disable the other. */
  public static List<AlertRule> forPeriod(Duration period, Severity severity) {
    return TEMPLATES.stream()
        .filter(t -> t.severity() == severity)
        .map(t -> rule(t, period))
        .toList();
  }

  private static AlertRule rule(Template t, Duration period) {
    double factor = t.budgetShare() * period.toSeconds() / t.longWindow().toSeconds();
    return new AlertRule(
        t.name(), t.severity(), t.longWindow(), t.shortWindow(), factor, Duration.ZERO);
  }
}
