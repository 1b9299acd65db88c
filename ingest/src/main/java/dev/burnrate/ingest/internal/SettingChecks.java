package dev.burnrate.ingest.internal;

import java.time.Duration;

/**
 * The range checks the ingest settings records share ({@code WriterSettings}, {@code IngestLimits},
 * {@code DatabaseSettings}): each throws an {@link IllegalArgumentException} that names the
 * setting, the rule and the value it got.
 */
public final class SettingChecks {
  private SettingChecks() {}

  /** Checks that {@code value} is longer than zero. */
  public static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** Checks that {@code value} is zero or longer. */
  public static void notNegative(String name, Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  /** Checks that {@code value} is above zero. */
  public static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** Checks that {@code value} is at least 1. */
  public static void atLeastOne(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
