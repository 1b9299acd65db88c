package dev.burnrate.slo.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

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
 */
public record AlertRule(
    String name,
    Severity severity,
    Duration longWindow,
    Duration shortWindow,
    double factor,
    Duration alertAfter) {

  /** Checks the rule. */
  public AlertRule {
    requireNonNull(name, "name");
    requireNonNull(severity, "severity");
    requireNonNull(longWindow, "longWindow");
    requireNonNull(shortWindow, "shortWindow");
    requireNonNull(alertAfter, "alertAfter");
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor must be a positive number, got " + factor);
    }
    if (shortWindow.compareTo(longWindow) > 0) {
      throw new IllegalArgumentException(
          "shortWindow " + shortWindow + " is longer than longWindow " + longWindow);
    }
  }
}
