package dev.burnrate.bridge.internal.request;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.Text;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One field of a request type and its validation.
 *
 * @param name the field's name in a submission's {@code fields}
 * @param type what it holds
 * @param required whether a submission must give it
 * @param pattern a regular expression the whole text must match (string and email), or null
 * @param values the allowed values of an enum field
 * @param description what to enter, for the console and the API
 */
public record FieldSpec(
    String name,
    FieldType type,
    boolean required,
    Pattern pattern,
    List<String> values,
    String description) {

  /** What a field holds. */
  public enum FieldType {
    /** Text. */
    STRING,
    /** A finite number. */
    NUMBER,
    /** true or false. */
    BOOLEAN,
    /** One of a list of values. */
    ENUM,
    /** An e-mail address. */
    EMAIL;

    /** The type as configuration writes it. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The most characters of a text field. */
  static final int MAX_TEXT = 1000;

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** Checks the field. */
  public FieldSpec {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(description, "description");
    values = List.copyOf(values);
    if (type == FieldType.ENUM && values.isEmpty()) {
      throw new IllegalArgumentException("enum field " + name + " needs values");
    }
  }

  /**
   * The value of this field in a submission, checked; null when absent and not required.
   *
   * @throws BridgeException.Invalid naming {@code fields.<name>} when the value is wrong
   */
  public JsonNode check(JsonNode v) {
    String f = "fields." + name;
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
      if (required) {
        throw BridgeException.invalid(f, f + " is required");
      }
      return null;
    }
    return switch (type) {
      case STRING, EMAIL -> {
        if (!v.isTextual()) {
          throw BridgeException.invalid(f, f + " must be a string");
        }
        String t = v.asText().strip();
        if (t.length() > MAX_TEXT) {
          throw BridgeException.invalid(f, f + " is longer than " + MAX_TEXT + " characters");
        }
        Text.checkNul(f, t);
        if (type == FieldType.EMAIL && !EMAIL.matcher(t).matches()) {
          throw BridgeException.invalid(f, f + " must be an e-mail address, got '" + t + "'");
        }
        if (pattern != null && !pattern.matcher(t).matches()) {
          throw BridgeException.invalid(
              f, f + " must match " + pattern.pattern() + ", got '" + t + "'");
        }
        yield TextNode.valueOf(t);
      }
      case NUMBER -> {
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
          throw BridgeException.invalid(f, f + " must be a number");
        }
        yield v.canConvertToExactIntegral() && v.canConvertToLong()
            ? LongNode.valueOf(v.asLong())
            : DoubleNode.valueOf(v.asDouble());
      }
      case BOOLEAN -> {
        if (!v.isBoolean()) {
          throw BridgeException.invalid(f, f + " must be true or false");
        }
        yield BooleanNode.valueOf(v.asBoolean());
      }
      case ENUM -> {
        if (!v.isTextual() || !values.contains(v.asText())) {
          throw BridgeException.invalid(f, f + " must be one of " + values);
        }
        yield TextNode.valueOf(v.asText());
      }
    };
  }
}
