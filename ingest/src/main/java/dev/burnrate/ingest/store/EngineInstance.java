package dev.burnrate.ingest.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One running instance's engine as it last reported itself in {@code engine_instances}.
 *
 * @param id the instance id ({@code engine.instanceId})
 * @param leads whether it leads: evaluates for the bridge and prunes the change log
 * @param current whether its engine is fed from the store and tailing (not rebuilding)
 * @param lag how far its engine lags behind the store now: the age of the newest snapshot whose
 *     commits it holds (growing while it does not report); empty while it rebuilds
 * @param seenAt when it last reported
 */
public record EngineInstance(
    String id, boolean leads, boolean current, Optional<Duration> lag, Instant seenAt) {

  /** Checks the instance. */
  public EngineInstance {
    requireNonNull(id, "id");
    requireNonNull(lag, "lag");
    requireNonNull(seenAt, "seenAt");
  }
}
