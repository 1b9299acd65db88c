package dev.burnrate.ingest.otlp;

import static dev.burnrate.ingest.otlp.OtlpJsonValues.wrongType;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The fields of one OTLP message in JSON, each key with the reader of its value into the message's
 * builder; keys in lowerCamelCase, their snake_case spelling accepted too. Built once per message
 * type, immutable; {@link #read} walks an object with it, skipping the keys it does not know.
 *
 * @param <B> the builder of the message
 */
final class OtlpJsonFields<B> {
  /** Reads the parser's current value into a builder. */
  @FunctionalInterface
  interface ValueReader<B> {
    void read(JsonParser p, B into) throws IOException;
  }

  private record Field<B>(ValueReader<B> reader, boolean readsNull) {}

  private final Map<String, Field<B>> fields;

  private OtlpJsonFields(Map<String, Field<B>> fields) {
    this.fields = fields;
  }

  /** A message with no fields yet. */
  static <B> OtlpJsonFields<B> of() {
    return new OtlpJsonFields<>(Map.of());
  }

  /**
   * With a field whose null value is skipped: in proto3 JSON, null is a field's default value, and
   * a message or oneof member stays unset.
   */
  OtlpJsonFields<B> field(String camelName, ValueReader<B> reader) {
    return with(camelName, new Field<>(reader, false));
  }

  /** With a repeated field: {@code element} reads each element of its array; null is empty. */
  OtlpJsonFields<B> repeated(String camelName, ValueReader<B> element) {
    return field(camelName, (p, into) -> forEachElement(p, into, element));
  }

  /** With a field whose reader is handed null values too. */
  OtlpJsonFields<B> nullable(String camelName, ValueReader<B> reader) {
    return with(camelName, new Field<>(reader, true));
  }

  private OtlpJsonFields<B> with(String camelName, Field<B> field) {
    Map<String, Field<B>> copy = new HashMap<>(fields);
    copy.put(camelName, field);
    return new OtlpJsonFields<>(Map.copyOf(copy));
  }

  /** Reads the object at the parser's current token into {@code into}, and returns it. */
  B read(JsonParser p, B into) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw wrongType(p, "an object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      Field<B> field = field(p.currentName());
      JsonToken value = p.nextToken();
      if (field == null) {
        p.skipChildren();
      } else if (value != JsonToken.VALUE_NULL || field.readsNull) {
        field.reader.read(p, into);
      }
    }
    return into;
  }

  private Field<B> field(String name) {
    Field<B> field = fields.get(name);
    return field != null || name.indexOf('_') < 0 ? field : fields.get(camelCase(name));
  }

  /** Reads each element of the array at the parser's current token; nothing for null. */
  static <B> void forEachElement(JsonParser p, B into, ValueReader<B> element) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return;
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType(p, "an array");
    }
    while (p.nextToken() != JsonToken.END_ARRAY) {
      element.read(p, into);
    }
  }

  /** A key's lowerCamelCase spelling: each underscore dropped and the character after it raised. */
  static String camelCase(String name) {
    if (name.indexOf('_') < 0) {
      return name;
    }
    StringBuilder s = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_' && i + 1 < name.length()) {
        c = Character.toUpperCase(name.charAt(++i));
      }
      s.append(c);
    }
    return s.toString();
  }
}
