package dev.burnrate.api.config;

import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.store.WriterSettings;
import dev.burnrate.yaml.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a configuration value, as a YAML scalar, an environment variable or a flag give it,
 * read as the key's type and checked against the key's range.
 */
final class ConfigValues {
  private ConfigValues() {}

  /** The longest duration a key takes (100 years): enough for any period, far from overflows. */
  private static final Duration MAX_DURATION = Duration.ofDays(36_500);

  private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?");

  /**
   * Reads text (a variable's or a flag's) as a value of the key, as binding will read it: the
   * flags' map holds such values, and the overlay writes them back as text.
   *
   * @throws IllegalArgumentException with what was expected, when the text does not fit
   */
  static Object parse(ConfigKey key, String text) {
    return switch (key.type()) {
      case STRING, SECRET -> text.trim();
      case INT -> integer(key, text);
      case LONG -> longInteger(key, text);
      case DOUBLE -> number(text);
      case BOOLEAN -> bool(text);
      case DURATION -> duration(key, text);
      case BYTES -> bytes(text);
      case PATH -> path(text);
      case PATH_LIST -> paths(text);
      case ENUM -> choice(key, text);
      case BRIDGE ->
          throw new IllegalArgumentException("expected a mapping, got the text \"" + text + "\"");
    };
  }

  /** A whole number of an {@code int} key, within the key's range. */
  static int integer(ConfigKey key, String text) {
    long v = whole(text);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw notAnInteger(text);
    }
    checkRange(key, v);
    return Math.toIntExact(v);
  }

  /** A whole number of a {@code long} key, within the key's range. */
  static long longInteger(ConfigKey key, String text) {
    long v = whole(text);
    checkRange(key, v);
    return v;
  }

  private static long whole(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw notAnInteger(text);
    }
  }

  private static IllegalArgumentException notAnInteger(String text) {
    return new IllegalArgumentException("expected an integer, got \"" + text + "\"");
  }

  /** A finite number, 0 or more. */
  static double number(String text) {
    double v;
    try {
      v = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number, got \"" + text + "\"");
    }
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("expected a number >= 0, got " + text);
    }
    return v;
  }

  /** true, false, yes, no, on or off. */
  static boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("expected true or false, got \"" + text + "\"");
    };
  }

  /** A duration within the key's range. */
  static Duration duration(ConfigKey key, String text) {
    Duration d = parseDuration(text.trim());
    checkDuration(key, d, text);
    return d;
  }

  /** A size in bytes, such as {@code 512KiB}, {@code 16MiB} or a plain number. */
  static long bytes(String text) {
    Matcher m = BYTES.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a size such as 512KiB or 16MiB, got \"" + text + "\"");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the size \"" + text + "\" is too large");
    }
    long unit =
        switch (m.group(2) == null ? "B" : m.group(2)) {
          case "KB" -> 1_000L;
          case "KiB" -> 1_024L;
          case "MB" -> 1_000_000L;
          case "MiB" -> 1_024L * 1_024;
          case "GB" -> 1_000_000_000L;
          case "GiB" -> 1_024L * 1_024 * 1_024;
          default -> 1L;
        };
    if (n <= 0) {
      throw new IllegalArgumentException("expected a size > 0, got \"" + text + "\"");
    }
    try {
      return Math.multiplyExact(n, unit);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("the size \"" + text + "\" is too large");
    }
  }

  /** A path that is not empty. */
  static Path path(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("expected a file path, got an empty string");
    }
    return Path.of(s);
  }

  /** Paths separated by commas, as a variable writes a list; blank parts are skipped. */
  static List<Path> paths(String text) {
    List<Path> paths = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        paths.add(Path.of(part.trim()));
      }
    }
    return List.copyOf(paths);
  }

  /** One of the key's allowed values, in lower case. */
  static String choice(ConfigKey key, String text) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    if (!key.allowed().contains(v)) {
      throw new IllegalArgumentException(
          "expected one of " + String.join(", ", key.allowed()) + ", got \"" + text + "\"");
    }
    return v;
  }

  private static void checkRange(ConfigKey key, long v) {
    switch (key.path()) {
      case "server.port" -> {
        if (v < 0 || v > 65_535) {
          throw new IllegalArgumentException("expected a port 0..65535, got " + v);
        }
      }
      case "ingest.seriesCacheSize" -> {
        int max = WriterSettings.MAX_SERIES_CACHE_SIZE;
        if (v < 0 || v > max) {
          throw new IllegalArgumentException("expected an integer 0.." + max + ", got " + v);
        }
      }
      default -> {
        if (v < 1) {
          throw new IllegalArgumentException("expected an integer >= 1, got " + v);
        }
      }
    }
  }

  private static void checkDuration(ConfigKey key, Duration d, String text) {
    Duration min =
        switch (key.path()) {
          case "ingest.futureTolerance" -> Duration.ZERO;
          case "ingest.bucketRetention" -> DatabaseSettings.MIN_BUCKET_RETENTION;
          default -> Duration.ofMillis(1);
        };
    if (d.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          (min.equals(Duration.ofMillis(1))
                  ? "expected a duration longer than 0"
                  : "expected a duration of at least " + format(min))
              + ", got \""
              + text
              + "\"");
    }
    if (d.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "expected a duration of at most " + format(MAX_DURATION) + ", got \"" + text + "\"");
    }
  }

  /**
   * Parses a duration in Burnrate's one grammar ({@link Durations}); zero ({@code 0s}) parses, and
   * each key says whether it takes it.
   */
  static Duration parseDuration(String s) {
    if (!Durations.isWellFormed(s)) {
      throw new IllegalArgumentException(
          "expected a duration such as 500ms, 10s, 5m, 1h or 1d, got \"" + s + "\"");
    }
    try {
      return Durations.parse(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the duration \"" + s + "\" is too long", e);
    }
  }

  /** Writes a duration the way the file does: {@code 1d}, {@code 1h30m}, {@code 500ms}. */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    append(b, d.toDays(), "d");
    append(b, d.toHoursPart(), "h");
    append(b, d.toMinutesPart(), "m");
    append(b, d.toSecondsPart(), "s");
    append(b, d.toMillisPart(), "ms");
    return b.toString();
  }

  private static void append(StringBuilder b, long n, String unit) {
    if (n != 0) {
      b.append(n).append(unit);
    }
  }
}
