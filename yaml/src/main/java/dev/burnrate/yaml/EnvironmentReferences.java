package dev.burnrate.yaml;

import java.util.function.UnaryOperator;

/** Replaces {@code ${NAME}} in a scalar by the environment's value. */
final class EnvironmentReferences {
  private EnvironmentReferences() {}

  static String expand(String value, UnaryOperator<String> environment, YamlNode at) {
    if (environment == null || !value.contains("${")) {
      return value;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      int start = value.indexOf("${", i);
      if (start < 0) {
        out.append(value, i, value.length());
        break;
      }
      int end = value.indexOf('}', start);
      if (end < 0) {
        throw at.error("unterminated ${ in value");
      }
      String name = value.substring(start + 2, end);
      String v = environment.apply(name);
      if (v == null) {
        throw at.error("environment variable " + name + " is not set");
      }
      out.append(value, i, start).append(v);
      i = end + 1;
    }
    return out.toString();
  }
}
