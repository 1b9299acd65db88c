package dev.burnrate.bridge.internal.item;

/**
 * How one configuration item relies on another; every relation points from the item that breaks to
 * the item whose failure breaks it.
 */
public enum Relation {
  /** Runs on a host, pod or cluster. */
  RUNS_ON("runsOn", "runs_on"),
  /** Calls or needs another item to work. */
  DEPENDS_ON("dependsOn", "depends_on"),
  /** Uses an item (a database, a queue) that it does not own. */
  USES("uses", "uses");

  private final String key;
  private final String wire;

  Relation(String key, String wire) {
    this.key = key;
    this.wire = wire;
  }

  /** The YAML key that lists this relation's targets, such as {@code runsOn}. */
  public String key() {
    return key;
  }

  /** The relation as the API writes it, such as {@code runs_on}. */
  public String wire() {
    return wire;
  }

  /** Whether a cycle of this relation is a mistake in the catalog. */
  boolean acyclic() {
    return this != USES;
  }
}
