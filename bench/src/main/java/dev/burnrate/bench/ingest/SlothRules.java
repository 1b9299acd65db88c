package dev.burnrate.bench.ingest;

import java.util.Locale;

/**
 * The Prometheus rules Sloth generates for one {@code prometheus/v1} SLO, in the shapes of its
 * documented output: the SLI error ratio recorded per window (5m, 30m, 1h, 2h, 6h, 1d, 3d from the
 * user's queries; the SLO window as the mean of the 5m ratio over it), the meta recordings
 * (objective, budget, period, current and period burn rate, remaining budget, info) and the page
 * and ticket multiwindow multi-burn-rate alerts (14.4 over 5m and 1h or 6 over 30m and 6h; 3 over
 * 2h and 1d or 1 over 6h and 3d).
 */
final class SlothRules {
  private static final String[] WINDOWS = {"5m", "30m", "1h", "2h", "6h", "1d", "3d"};

  private SlothRules() {}

  /** The SLI's error query of SLO {@code job}, with {@code window} in its range. */
  static String errorQuery(String job, String window) {
    return "sum(rate(http_requests_total{job=\"" + job + "\",code=~\"5..\"}[" + window + "]))";
  }

  /** The SLI's total query of SLO {@code job}. */
  static String totalQuery(String job, String window) {
    return "sum(rate(http_requests_total{job=\"" + job + "\"}[" + window + "]))";
  }

  /** The three rule groups of one SLO, as entries of a {@code groups:} list. */
  static String groups(String service, String slo, double objective, int periodDays) {
    String id = service + "-" + slo;
    String sel =
        "{sloth_id=\"" + id + "\", sloth_service=\"" + service + "\", sloth_slo=\"" + slo + "\"}";
    String labels =
        "      labels:\n        sloth_id: "
            + id
            + "\n        sloth_service: "
            + service
            + "\n        sloth_slo: "
            + slo
            + "\n";
    String budget = String.format(Locale.ROOT, "%.17g", 1 - objective);
    StringBuilder b = new StringBuilder();
    b.append("- name: sloth-slo-sli-recordings-").append(id).append("\n  rules:\n");
    for (String w : WINDOWS) {
      b.append("  - record: slo:sli_error:ratio_rate")
          .append(w)
          .append("\n    expr: (")
          .append(errorQuery(slo, w))
          .append(") / (")
          .append(totalQuery(slo, w))
          .append(")\n")
          .append(labels.replace("      ", "    "))
          .append("      sloth_window: ")
          .append(w)
          .append("\n");
    }
    String period = periodDays + "d";
    b.append("  - record: slo:sli_error:ratio_rate")
        .append(period)
        .append("\n    expr: sum_over_time(slo:sli_error:ratio_rate5m")
        .append(sel)
        .append("[")
        .append(period)
        .append("]) / ignoring (sloth_window) count_over_time(slo:sli_error:ratio_rate5m")
        .append(sel)
        .append("[")
        .append(period)
        .append("])\n    labels:\n      sloth_window: ")
        .append(period)
        .append("\n");
    b.append("- name: sloth-slo-meta-recordings-").append(id).append("\n  rules:\n");
    meta(b, "slo:objective:ratio", "vector(" + objective + ")", labels);
    meta(b, "slo:error_budget:ratio", "vector(1-" + objective + ")", labels);
    meta(b, "slo:time_period:days", "vector(" + periodDays + ")", labels);
    meta(
        b,
        "slo:current_burn_rate:ratio",
        "slo:sli_error:ratio_rate5m"
            + sel
            + " / on(sloth_id, sloth_slo, sloth_service) group_left slo:error_budget:ratio"
            + sel,
        labels);
    meta(
        b,
        "slo:period_burn_rate:ratio",
        "slo:sli_error:ratio_rate"
            + period
            + sel
            + " / on(sloth_id, sloth_slo, sloth_service) group_left slo:error_budget:ratio"
            + sel,
        labels);
    meta(
        b,
        "slo:period_error_budget_remaining:ratio",
        "1 - slo:period_burn_rate:ratio" + sel,
        labels);
    meta(b, "sloth_slo_info", "vector(1)", labels);
    b.append("- name: sloth-slo-alerts-").append(id).append("\n  rules:\n");
    alert(b, slo, sel, budget, "page", new String[] {"14.4", "5m", "1h", "6", "30m", "6h"});
    alert(b, slo, sel, budget, "ticket", new String[] {"3", "2h", "1d", "1", "6h", "3d"});
    return b.toString();
  }

  private static void meta(StringBuilder b, String record, String expr, String labels) {
    b.append("  - record: ")
        .append(record)
        .append("\n    expr: ")
        .append(expr)
        .append("\n")
        .append(labels.replace("      ", "    "));
  }

  private static void alert(
      StringBuilder b, String slo, String sel, String budget, String severity, String[] w) {
    b.append("  - alert: ")
        .append(slo.toUpperCase(Locale.ROOT))
        .append("SLO\n    expr: ((")
        .append(over(sel, w[1], w[0], budget))
        .append(" and ignoring (sloth_window) ")
        .append(over(sel, w[2], w[0], budget))
        .append(") or ignoring (sloth_window) (")
        .append(over(sel, w[4], w[3], budget))
        .append(" and ignoring (sloth_window) ")
        .append(over(sel, w[5], w[3], budget))
        .append("))\n    labels:\n      sloth_severity: ")
        .append(severity)
        .append("\n");
  }

  private static String over(String sel, String window, String factor, String budget) {
    return "(slo:sli_error:ratio_rate" + window + sel + " > (" + factor + " * " + budget + "))";
  }
}
