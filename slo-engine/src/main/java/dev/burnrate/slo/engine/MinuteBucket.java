package dev.burnrate.slo.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One SLO's one-minute bucket as the store holds it, read back when the minute leaves a window
 * longer than the engine's minute history.
 *
 * @param slo the SLO's name
 * @param start the start of the minute
 * @param good good events in the minute (the engine's good: total minus bad for a bad-over-total
 *     SLI)
 * @param total all events in the minute
 */
public record MinuteBucket(String slo, Instant start, double good, double total) {
  /** Checks the fields. */
  public MinuteBucket {
    requireNonNull(slo, "slo");
    requireNonNull(start, "start");
    requireFinite(good, "good");
    requireFinite(total, "total");
  }

  /** Checks a count of events: a finite number, else an error naming {@code name}. */
  static void requireFinite(double count, String name) {
    if (!Double.isFinite(count)) {
      throw new IllegalArgumentException(name + " must be finite, got " + count);
    }
  }
}
