package dev.burnrate.bridge.internal.record;

import java.time.Instant;

/** Rules for text that reaches the database, whichever way it came in. */
public final class Text {
  /** The earliest and latest times accepted: four-digit years, all inside PostgreSQL's range. */
  static final Instant MIN_TIME = Instant.parse("0000-01-01T00:00:00Z");

  static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

  private Text() {}

  /** Refuses a time outside the years 0000 to 9999. */
  public static void checkRange(String field, Instant at) {
    if (at.isBefore(MIN_TIME) || at.isAfter(MAX_TIME)) {
      throw BridgeException.invalid(
          field, field + " must be a time in the years 0000 to 9999, got " + at);
    }
  }

  /**
   * PostgreSQL text cannot hold NUL, nor a lone UTF-16 surrogate (stored as "?"), and no field has
   * a use for either.
   */
  public static void checkNul(String field, String t) {
    dev.burnrate.http.Utf8.unstorable(field, t)
        .ifPresent(
            why -> {
              throw BridgeException.invalid(field, why);
            });
  }
}
