package dev.burnrate.ingest.store;

/** A stage of one feed poll, as {@link EngineLeader#onStage} reports its time. */
public enum FeedStage {
  /** Reading the committed changes (and the minute buckets that left a window) in one snapshot. */
  READ,
  /** Recording what was read into the engine. */
  APPLY
}
