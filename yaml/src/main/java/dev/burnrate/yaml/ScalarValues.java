package dev.burnrate.yaml;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The checked conversions of a scalar's text, each error at the node it came from. */
final class ScalarValues {
  private ScalarValues() {}

  static boolean bool(String text, YamlNode at) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw at.error("expected true or false, got '" + text + "'");
    };
  }

  static int integer(String text, int min, int max, YamlNode at) {
    int v;
    try {
      v = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw at.error("expected a whole number, got '" + text + "'");
    }
    if (v < min || v > max) {
      throw at.error("must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  static double number(String text, YamlNode at) {
    double v;
    try {
      v = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw at.error("expected a number, got '" + text + "'");
    }
    if (!Double.isFinite(v)) {
      throw at.error("expected a finite number, got '" + text + "'");
    }
    return v;
  }

  static Duration duration(String text, YamlNode at) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw at.error(e.getMessage());
    }
  }

  static <E extends Enum<E>> E oneOf(String text, Class<E> type, YamlNode at) {
    String t = text.trim().replace('_', '-');
    for (E e : type.getEnumConstants()) {
      if (e.name().replace('_', '-').equalsIgnoreCase(t)) {
        return e;
      }
    }
    List<String> names =
        Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .toList();
    throw at.error("expected one of " + names + ", got '" + text.trim() + "'");
  }
}
