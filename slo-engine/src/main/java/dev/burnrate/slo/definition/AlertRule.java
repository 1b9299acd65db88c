package dev.burnrate.slo.definition;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * One multiwindow burn-rate alert: it fires when the burn rate over both windows is at least {@code
 * factor}.
 *
 * @param name a name unique within the SLO, such as {@code page-1h}
 * @param severity page or ticket
 * @param longWindow the long lookback window
 * @param shortWindow the short window that makes the alert reset quickly
 * @param factor the burn-rate threshold
 * @param alertAfter how long the condition must hold before the alert fires (zero: at once)
 * @param labels labels the file gives this alert (Sloth alerting labels, Pyrra alerting labels,
 *     OpenSLO alert policy and condition labels), for routing
 * @param annotations annotations the file gives this alert, such as a runbook or a summary
 */
public record AlertRule(
    String name,
    Severity severity,
    Duration longWindow,
    Duration shortWindow,
    double factor,
    Duration alertAfter,
    Map<String, String> labels,
    Map<String, String> annotations) {

  /** Checks the rule and copies its maps. */
  public AlertRule {
    requireNonNull(name, "name");
    requireNonNull(severity, "severity");
    requireNonNull(longWindow, "longWindow");
    requireNonNull(shortWindow, "shortWindow");
    requireNonNull(alertAfter, "alertAfter");
    requireNonNull(labels, "labels");
    requireNonNull(annotations, "annotations");
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor must be a positive number, got " + factor);
    }
    if (shortWindow.compareTo(longWindow) > 0) {
      throw new IllegalArgumentException(
          "shortWindow " + shortWindow + " is longer than longWindow " + longWindow);
    }
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /** A rule without labels or annotations. */
  public AlertRule(
      String name,
      Severity severity,
      Duration longWindow,
      Duration shortWindow,
      double factor,
      Duration alertAfter) {
    this(name, severity, longWindow, shortWindow, factor, alertAfter, Map.of(), Map.of());
  }

  /** This rule with another name. */
  public AlertRule withName(String newName) {
    return new AlertRule(
        newName, severity, longWindow, shortWindow, factor, alertAfter, labels, annotations);
  }

  /** This rule with these labels and annotations added (the given ones win on a clash). */
  public AlertRule withMetadata(
      Map<String, String> moreLabels, Map<String, String> moreAnnotations) {
    var l = new java.util.LinkedHashMap<>(labels);
    l.putAll(moreLabels);
    var a = new java.util.LinkedHashMap<>(annotations);
    a.putAll(moreAnnotations);
    return new AlertRule(name, severity, longWindow, shortWindow, factor, alertAfter, l, a);
  }
}
