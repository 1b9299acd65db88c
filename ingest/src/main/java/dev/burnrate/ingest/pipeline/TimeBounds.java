package dev.burnrate.ingest.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How far from now a sample's time may be for the store to take it: at most {@code lateness}
 * behind, at most {@code futureTolerance} ahead; the store counts others as too late.
 *
 * @param lateness how far behind now a sample may be
 * @param futureTolerance how far ahead of now a sample may be
 */
public record TimeBounds(Duration lateness, Duration futureTolerance) {
  /** Checks both durations. */
  public TimeBounds {
    requireNonNull(lateness, "lateness");
    requireNonNull(futureTolerance, "futureTolerance");
  }

  /** Whether a sample at {@code tsMs} is taken at {@code nowMs}. */
  public boolean accepts(long tsMs, long nowMs) {
    return tsMs >= nowMs - lateness.toMillis() && tsMs <= nowMs + futureTolerance.toMillis();
  }
}
