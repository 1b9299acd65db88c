package dev.burnrate.bridge.internal.request;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.Text;
import java.math.BigDecimal;
import java.math.BigInteger;
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
   * The value of this field in a submission as JSON binding gives it (a string, number, boolean,
   * list or map), checked: a string, a {@code Long} or {@code Double}, or a boolean; null when
   * absent and not required.
   *
   * @throws BridgeException.Invalid naming {@code fields.<name>} when the value is wrong
   */
  public Object check(Object v) {
    String f = "fields." + name;
    if (v == null || (v instanceof String s && s.isBlank())) {
      if (required) {
        throw BridgeException.invalid(f, f + " is required");
      }
      return null;
    }
    return switch (type) {
      case STRING, EMAIL -> {
        if (!(v instanceof String s)) {
          throw BridgeException.invalid(f, f + " must be a string");
        }
        String t = s.strip();
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
        yield t;
      }
      case NUMBER -> {
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
          throw BridgeException.invalid(f, f + " must be a number");
        }
        yield number(n);
      }
      case BOOLEAN -> {
        if (!(v instanceof Boolean b)) {
          throw BridgeException.invalid(f, f + " must be true or false");
        }
        yield b;
      }
      case ENUM -> {
        if (!(v instanceof String s) || !values.contains(s)) {
          throw BridgeException.invalid(f, f + " must be one of " + values);
        }
        yield s;
      }
    };
  }

  private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

  /**
   * A finite number as it is stored: a whole number that fits a long as a {@code Long} (so {@code
   * 5.0} is {@code 5}), any other as a {@code Double}.
   */
  private static Object number(Number n) {
    boolean whole;
    boolean fitsLong;
    if (n instanceof BigInteger big) {
      whole = true;
      fitsLong = big.compareTo(MIN_LONG) >= 0 && big.compareTo(MAX_LONG) <= 0;
    } else if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
      double d = n.doubleValue();
      whole = d == Math.rint(d);
      fitsLong = d >= Long.MIN_VALUE && d <= Long.MAX_VALUE;
    } else {
      whole = true;
      fitsLong = true;
    }
    if (whole && fitsLong) {
      return n.longValue();
    }
    return n.doubleValue();
  }
}
