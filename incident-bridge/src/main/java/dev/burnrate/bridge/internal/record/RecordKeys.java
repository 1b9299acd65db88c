package dev.burnrate.bridge.internal.record;

/** The keys of the bridge's records: a kind's prefix and a number, such as {@code INC-12}. */
public final class RecordKeys {
  /** The prefix of incident keys. */
  public static final String INCIDENT = "INC-";

  /** The prefix of problem keys. */
  public static final String PROBLEM = "PRB-";

  /** The prefix of change keys. */
  public static final String CHANGE = "CHG-";

  /** The prefix of service request keys. */
  public static final String REQUEST = "REQ-";

  private RecordKeys() {}

  /** Whether a link target is one of the bridge's own linkable records. */
  public static boolean isInternal(String key) {
    return key.matches("(INC|PRB|CHG)-[0-9]+");
  }

  /** The relation of a link to a record when the caller names none. */
  public static String defaultRelation(String target) {
    return target.startsWith(PROBLEM)
        ? "problem"
        : target.startsWith(CHANGE) ? "caused-by" : "related";
  }
}
