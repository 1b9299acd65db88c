package dev.burnrate.ingest.otlp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenTelemetry-to-Prometheus name translation, after the OpenTelemetry specification's "Prometheus
 * and OpenMetrics Compatibility" with metric suffixes (the collector's and Prometheus' default):
 * {@code http.server.request.duration} in {@code s} becomes {@code
 * http_server_request_duration_seconds}.
 */
final class OtlpNames {
  /** UCUM units to the Prometheus base-unit words. */
  private static final Map<String, String> UNITS =
      Map.ofEntries(
          Map.entry("d", "days"),
          Map.entry("h", "hours"),
          Map.entry("min", "minutes"),
          Map.entry("s", "seconds"),
          Map.entry("ms", "milliseconds"),
          Map.entry("us", "microseconds"),
          Map.entry("ns", "nanoseconds"),
          Map.entry("By", "bytes"),
          Map.entry("KiBy", "kibibytes"),
          Map.entry("MiBy", "mebibytes"),
          Map.entry("GiBy", "gibibytes"),
          Map.entry("TiBy", "tibibytes"),
          Map.entry("KBy", "kilobytes"),
          Map.entry("MBy", "megabytes"),
          Map.entry("GBy", "gigabytes"),
          Map.entry("TBy", "terabytes"),
          Map.entry("m", "meters"),
          Map.entry("V", "volts"),
          Map.entry("A", "amperes"),
          Map.entry("J", "joules"),
          Map.entry("W", "watts"),
          Map.entry("g", "grams"),
          Map.entry("Cel", "celsius"),
          Map.entry("Hz", "hertz"),
          Map.entry("1", ""),
          Map.entry("%", "percent"));

  /** The denominators of "per" units, singular. */
  private static final Map<String, String> PER_UNITS =
      Map.of(
          "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y",
          "year");

  /** What kind of Prometheus metric an OTLP metric becomes; it decides the type suffix. */
  public enum Kind {
    /** A monotonic sum: gets {@code _total}. */
    COUNTER,
    /** A gauge or non-monotonic sum: gets {@code _ratio} when its unit is {@code 1}. */
    GAUGE,
    /** A histogram: no suffix here ({@code _bucket}, {@code _count}, {@code _sum} come later). */
    HISTOGRAM
  }

  private OtlpNames() {}

  /** The Prometheus metric name of an OTLP metric. */
  public static String metricName(String name, String unit, Kind kind) {
    List<String> tokens = tokens(name, true);
    String u = unit == null ? "" : unit;
    String[] parts = u.split("/", 2);
    String main = parts[0].strip();
    String mainSuffix = "";
    if (!main.isEmpty() && main.indexOf('{') < 0 && main.indexOf('}') < 0) {
      mainSuffix = cleanUnit(UNITS.getOrDefault(main, main));
    }
    String perSuffix = "";
    if (parts.length > 1) {
      String per = parts[1].strip();
      if (!per.isEmpty() && per.indexOf('{') < 0 && per.indexOf('}') < 0) {
        String word = cleanUnit(PER_UNITS.getOrDefault(per, per));
        perSuffix = word.isEmpty() ? "" : "per_" + word;
      }
    }
    if (!mainSuffix.isEmpty() && !tokens.contains(mainSuffix)) {
      tokens.add(mainSuffix);
    }
    if (!perSuffix.isEmpty() && !tokens.contains(perSuffix)) {
      tokens.add(perSuffix);
    }
    if (kind == Kind.COUNTER) {
      tokens.removeIf("total"::equals);
      tokens.add("total");
    }
    if (kind == Kind.GAUGE && u.equals("1")) {
      tokens.removeIf("ratio"::equals);
      tokens.add("ratio");
    }
    String result = String.join("_", tokens);
    if (!result.isEmpty() && Character.isDigit(result.charAt(0))) {
      result = "_" + result;
    }
    return result;
  }

  /**
   * The Prometheus label name of an attribute key: characters other than ASCII letters, digits and
   * {@code _} become {@code _}; a leading digit gets {@code key_}, a single leading underscore gets
   * {@code key}.
   */
  public static String labelName(String key) {
    if (key.isEmpty()) {
      return key;
    }
    StringBuilder sb = new StringBuilder(key.length());
    boolean changed = false;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (isAlnum(c) || c == '_') {
        sb.append(c);
      } else {
        sb.append('_');
        changed = true;
        if (Character.isHighSurrogate(c) && i + 1 < key.length()) {
          i++; // one replacement per code point
        }
      }
    }
    String s = changed ? sb.toString() : key;
    if (Character.isDigit(s.charAt(0))) {
      return "key_" + s;
    }
    if (s.startsWith("_") && !s.startsWith("__")) {
      return "key" + s;
    }
    return s;
  }

  /** Splits a name into tokens of {@code [a-zA-Z0-9:]}; other characters separate tokens. */
  private static List<String> tokens(String name, boolean allowColon) {
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= name.length(); i++) {
      boolean valid =
          i < name.length() && (isAlnum(name.charAt(i)) || (allowColon && name.charAt(i) == ':'));
      if (valid && start < 0) {
        start = i;
      } else if (!valid && start >= 0) {
        tokens.add(name.substring(start, i));
        start = -1;
      }
    }
    return tokens;
  }

  private static String cleanUnit(String unit) {
    return String.join("_", tokens(unit, false));
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
