package dev.burnrate.slo.engine;

import java.time.Duration;
import java.time.Instant;

/** Writes synthetic traffic into an engine: a fixed number of events per minute. */
final class Traffic {
  static final double PER_MINUTE = 1000;

  private Traffic() {}

  /**
   * Records one minute bucket per minute of {@code [from, to)}, each with {@code PER_MINUTE} events
   * of which the share {@code burn * (1 - objective)} is bad.
   */
  static void fill(
      SloEngine engine, String slo, double objective, Instant from, Instant to, double burn) {
    double bad = PER_MINUTE * burn * (1 - objective);
    for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(1))) {
      engine.record(slo, t, PER_MINUTE - bad, PER_MINUTE);
    }
  }
}
