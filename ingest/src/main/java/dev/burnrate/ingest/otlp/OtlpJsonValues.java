package dev.burnrate.ingest.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.burnrate.http.HttpProblem;
import java.io.IOException;

/**
 * The OTLP JSON mapping's scalar values, read at a streaming parser's current token: 64-bit
 * integers as strings or numbers, doubles as numbers or strings, null as the default value. Every
 * error names the JSON path of the bad value.
 */
final class OtlpJsonValues {
  private OtlpJsonValues() {}

  static String string(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_STRING -> p.getText();
      case VALUE_NULL -> "";
      default -> throw wrongType(p, "a string");
    };
  }

  static boolean bool(JsonParser p) {
    return switch (p.currentToken()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      default -> throw wrongType(p, "a boolean");
    };
  }

  /** An {@code int64} (a {@code uint64} above Long.MAX_VALUE reads as its two's complement). */
  static long int64(JsonParser p) throws IOException {
    return integer(p, false);
  }

  /** A {@code uint64} or {@code fixed64}: a negative number is not one. */
  static long uint64(JsonParser p) throws IOException {
    return integer(p, true);
  }

  private static long integer(JsonParser p, boolean unsigned) throws IOException {
    String expected =
        unsigned
            ? "an unsigned integer (a number or a decimal string)"
            : "an integer (a number or a decimal string)";
    String text =
        switch (p.currentToken()) {
          case VALUE_STRING, VALUE_NUMBER_INT -> p.getText();
          case VALUE_NULL -> "0";
          default -> throw wrongType(p, expected);
        };
    try {
      // uint64 values above Long.MAX_VALUE arrive as decimal strings.
      if (text.startsWith("-")) {
        if (!unsigned) {
          return Long.parseLong(text);
        }
      } else if (!unsigned || !text.startsWith("+")) {
        return Long.parseUnsignedLong(text);
      }
    } catch (NumberFormatException e) {
      // not an integer: the problem below
    }
    throw wrongType(p, expected);
  }

  static double dbl(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_STRING -> {
        // The proto3 JSON mapping writes special values, and may write any double, as strings.
        String s = p.getText();
        switch (s) {
          case "NaN" -> {
            return Double.NaN;
          }
          case "Infinity" -> {
            return Double.POSITIVE_INFINITY;
          }
          case "-Infinity" -> {
            return Double.NEGATIVE_INFINITY;
          }
          default -> {
            try {
              return Double.parseDouble(s);
            } catch (NumberFormatException e) {
              throw wrongType(p, "a number");
            }
          }
        }
      }
      case VALUE_NULL -> {
        return 0;
      }
      default -> throw wrongType(p, "a number");
    }
  }

  /** A 400 naming the JSON path of the parser's current value, which is not {@code expected}. */
  static HttpProblem wrongType(JsonParser p, String expected) {
    String path = path(p);
    return HttpProblem.badRequest(path, path + " must be " + expected);
  }

  /**
   * The path of the parser's current value, as {@code resourceMetrics[0].scopeMetrics[0].metrics},
   * keys in their lowerCamelCase spelling; {@code $} for the body itself. Built only for an error,
   * from the parser's own record of where it is.
   */
  private static String path(JsonParser p) {
    JsonStreamContext c = p.getParsingContext();
    if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
      c = c.getParent(); // the context of the value just opened: where it is lies one level up
    }
    StringBuilder path = new StringBuilder();
    appendPath(c, path);
    return path.isEmpty() ? "$" : path.toString();
  }

  private static void appendPath(JsonStreamContext c, StringBuilder path) {
    if (c == null || c.inRoot()) {
      return;
    }
    appendPath(c.getParent(), path);
    if (c.inArray()) {
      path.append('[').append(c.getCurrentIndex()).append(']');
    } else {
      path.append(path.isEmpty() ? "" : ".").append(OtlpJsonFields.camelCase(c.getCurrentName()));
    }
  }
}
