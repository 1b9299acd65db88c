package dev.burnrate.bridge.internal.web;

import dev.burnrate.bridge.internal.record.Priority;
import dev.burnrate.bridge.internal.record.Text;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * The checks of a bound request record's values, each a 400 naming the field: texts stripped and
 * bounded, names short enough for an index, times in RFC 3339, choices from their set.
 */
final class Fields {
  private static final int MAX_TEXT = 10_000;

  /** The longest name that becomes part of an index (service, SLO, link target): b-tree rows. */
  static final int MAX_NAME = 512;

  private Fields() {}

  /** A text, stripped; null when absent and not required. */
  static String text(String field, String value, boolean required) {
    if (value == null) {
      if (required) {
        throw HttpProblem.badRequest(field, field + " is required");
      }
      return null;
    }
    String t = value.strip();
    if (t.isEmpty()) {
      throw HttpProblem.badRequest(field, field + " must not be empty");
    }
    if (t.length() > MAX_TEXT) {
      throw HttpProblem.badRequest(field, field + " is longer than " + MAX_TEXT + " characters");
    }
    checkNul(field, t);
    return t;
  }

  /** A text that names something (and is indexed): at most {@link #MAX_NAME} characters. */
  static String name(String field, String value, boolean required) {
    String t = text(field, value, required);
    if (t != null && t.length() > MAX_NAME) {
      throw HttpProblem.badRequest(field, field + " is longer than " + MAX_NAME + " characters");
    }
    return t;
  }

  /** PostgreSQL text cannot hold NUL, and no field has a use for it. */
  static void checkNul(String field, String t) {
    Text.checkNul(field, t);
  }

  /** One of {@code allowed}, or {@code fallback} when absent. */
  static String oneOf(
      String field, String value, boolean required, Set<String> allowed, String fallback) {
    String t = text(field, value, required);
    if (t == null) {
      return fallback;
    }
    if (!allowed.contains(t)) {
      throw HttpProblem.badRequest(
          field,
          field + " must be one of " + allowed.stream().sorted().toList() + ", got '" + t + "'");
    }
    return t;
  }

  /** A flag, or {@code fallback} when absent. */
  static boolean bool(Boolean value, boolean fallback) {
    return value == null ? fallback : value;
  }

  /** An RFC 3339 time; null when absent and not required. */
  static Instant instant(String field, String value, boolean required) {
    String t = text(field, value, required);
    return t == null ? null : instant(field, t);
  }

  /** An RFC 3339 time from a text that is there. */
  static Instant instant(String field, String t) {
    Instant at;
    try {
      at = OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw HttpProblem.badRequest(
          field, field + " must be an RFC 3339 time such as 2025-01-31T12:00:00Z, got '" + t + "'");
    }
    checkRange(field, at);
    return at;
  }

  /** Refuses a time outside the years 0000 to 9999. */
  static void checkRange(String field, Instant at) {
    Text.checkRange(field, at);
  }

  /** A duration in the one grammar, such as {@code 4h} or {@code 1w}, from a text that is there. */
  static Duration duration(String field, String t) {
    try {
      return Durations.parse(t);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(field, e.getMessage());
    }
  }

  /** Names, none of them blank; empty when absent and not required. */
  static List<String> strings(String field, List<String> values, boolean required) {
    if (values == null) {
      if (required) {
        throw HttpProblem.badRequest(field, field + " is required");
      }
      return List.of();
    }
    for (String x : values) {
      if (x == null || x.isBlank()) {
        throw HttpProblem.badRequest(field, field + " must be an array of non-empty strings");
      }
      if (x.length() > MAX_NAME) {
        throw HttpProblem.badRequest(
            field, field + " must hold names of at most " + MAX_NAME + " characters");
      }
      checkNul(field, x);
    }
    return List.copyOf(values);
  }

  /** A priority number from {@code "P1"} to {@code "P4"}, or {@code fallback} when absent. */
  static int priority(String field, String value, int fallback) {
    String t = text(field, value, false);
    if (t == null) {
      return fallback;
    }
    return Priority.parse(t)
        .orElseThrow(
            () ->
                HttpProblem.badRequest(field, field + " must be P1, P2, P3 or P4, got '" + t + "'"))
        .number();
  }
}
