package dev.burnrate.bridge.internal.record;

/** The one query every record kind's SQL asks: a record by its key, locked or not. */
public final class KeyedSelect {
  private KeyedSelect() {}

  /**
   * The SELECT of {@code columns} from {@code table} where the key is the one parameter; with
   * {@code forUpdate} the row is locked for the caller's transaction.
   */
  public static String of(String columns, String table, boolean forUpdate) {
    return "SELECT "
        + columns
        + " FROM "
        + table
        + " WHERE key = ?"
        + (forUpdate ? " FOR UPDATE" : "");
  }
}
