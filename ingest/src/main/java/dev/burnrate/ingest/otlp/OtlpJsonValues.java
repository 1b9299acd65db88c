package dev.burnrate.ingest.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import dev.burnrate.http.HttpProblem;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.io.IOException;
import java.util.Base64;

/**
 * The OTLP JSON mapping's values, read from a streaming parser: fields in lowerCamelCase or
 * snake_case, 64-bit integers as strings or numbers, attributes and their any-values. Every error
 * names the JSON path of the bad value.
 */
final class OtlpJsonValues {
  private OtlpJsonValues() {}

  static KeyValue keyValue(JsonParser p, String path) throws IOException {
    KeyValue.Builder b = KeyValue.newBuilder();
    expectObject(p, path);
    while (nextField(p)) {
      if (is(p, "key")) {
        b.setKey(string(p, path + ".key"));
      } else if (is(p, "value")) {
        if (!skipNull(p)) {
          b.setValue(anyValue(p, path + ".value"));
        }
      } else {
        p.skipChildren();
      }
    }
    return b.build();
  }

  static AnyValue anyValue(JsonParser p, String path) throws IOException {
    AnyValue.Builder b = AnyValue.newBuilder();
    expectObject(p, path);
    while (nextField(p)) {
      if (skipNull(p)) {
        continue;
      }
      if (is(p, "stringValue")) {
        b.setStringValue(string(p, path + ".stringValue"));
      } else if (is(p, "boolValue")) {
        b.setBoolValue(bool(p, path + ".boolValue"));
      } else if (is(p, "intValue")) {
        b.setIntValue(int64(p, path + ".intValue"));
      } else if (is(p, "doubleValue")) {
        b.setDoubleValue(dbl(p, path + ".doubleValue"));
      } else if (is(p, "bytesValue")) {
        String s = string(p, path + ".bytesValue");
        try {
          b.setBytesValue(ByteString.copyFrom(Base64.getDecoder().decode(s)));
        } catch (IllegalArgumentException e) {
          throw wrongType(path + ".bytesValue", "base64 bytes");
        }
      } else if (is(p, "arrayValue")) {
        String ap = path + ".arrayValue";
        expectObject(p, ap);
        ArrayValue.Builder ab = ArrayValue.newBuilder();
        while (nextField(p)) {
          if (is(p, "values")) {
            forEachElement(p, ap + ".values", (vp) -> ab.addValues(anyValue(p, vp)));
          } else {
            p.skipChildren();
          }
        }
        b.setArrayValue(ab);
      } else if (is(p, "kvlistValue")) {
        String kp = path + ".kvlistValue";
        expectObject(p, kp);
        KeyValueList.Builder kb = KeyValueList.newBuilder();
        while (nextField(p)) {
          if (is(p, "values")) {
            forEachElement(p, kp + ".values", (vp) -> kb.addValues(keyValue(p, vp)));
          } else {
            p.skipChildren();
          }
        }
        b.setKvlistValue(kb);
      } else {
        p.skipChildren();
      }
    }
    return b.build();
  }

  interface ElementReader {
    void read(String path) throws IOException;
  }

  /** Moves to the next field of the current object and its value; false at the object's end. */
  static boolean nextField(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.FIELD_NAME) {
      return false;
    }
    p.nextToken();
    return true;
  }

  /** Whether the current field is {@code camel}, or its snake_case spelling. */
  static boolean is(JsonParser p, String camel) throws IOException {
    String name = p.currentName();
    if (name.equals(camel)) {
      return true;
    }
    if (name.indexOf('_') < 0 || name.length() <= camel.length()) {
      return false;
    }
    int j = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_' && i + 1 < name.length()) {
        c = Character.toUpperCase(name.charAt(++i));
      }
      if (j >= camel.length() || camel.charAt(j++) != c) {
        return false;
      }
    }
    return j == camel.length();
  }

  static boolean skipNull(JsonParser p) {
    return p.currentToken() == JsonToken.VALUE_NULL;
  }

  static void expectObject(JsonParser p, String path) {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw wrongType(path, "an object");
    }
  }

  static void forEachElement(JsonParser p, String path, ElementReader reader) throws IOException {
    if (skipNull(p)) {
      return;
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType(path, "an array");
    }
    int i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      reader.read(path + "[" + i++ + "]");
    }
  }

  static String string(JsonParser p, String path) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_STRING -> p.getText();
      case VALUE_NULL -> "";
      default -> throw wrongType(path, "a string");
    };
  }

  static boolean bool(JsonParser p, String path) {
    return switch (p.currentToken()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      default -> throw wrongType(path, "a boolean");
    };
  }

  static long int64(JsonParser p, String path) throws IOException {
    String text =
        switch (p.currentToken()) {
          case VALUE_STRING, VALUE_NUMBER_INT -> p.getText();
          case VALUE_NULL -> "0";
          default -> throw wrongType(path, "an integer (a number or a decimal string)");
        };
    try {
      // uint64 values above Long.MAX_VALUE arrive as decimal strings.
      return text.startsWith("-") ? Long.parseLong(text) : Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw wrongType(path, "an integer (a number or a decimal string)");
    }
  }

  /** A {@code uint64} or {@code fixed64}: a negative number is not one. */
  static long uint64(JsonParser p, String path) throws IOException {
    String text =
        switch (p.currentToken()) {
          case VALUE_STRING, VALUE_NUMBER_INT -> p.getText();
          case VALUE_NULL -> "0";
          default -> throw wrongType(path, "an unsigned integer (a number or a decimal string)");
        };
    try {
      if (text.startsWith("-") || text.startsWith("+")) {
        throw new NumberFormatException(text);
      }
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw wrongType(path, "an unsigned integer (a number or a decimal string)");
    }
  }

  static double dbl(JsonParser p, String path) throws IOException {
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
              throw wrongType(path, "a number");
            }
          }
        }
      }
      case VALUE_NULL -> {
        return 0;
      }
      default -> throw wrongType(path, "a number");
    }
  }

  static HttpProblem wrongType(String path, String expected) {
    return HttpProblem.badRequest(path, path + " must be " + expected);
  }
}
