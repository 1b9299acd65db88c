package dev.burnrate.bridge.internal.record;

import static java.util.Objects.requireNonNull;

/**
 * What the bridge's domain refuses, in its own words; the web layer maps each case to a status and
 * a problem+json body, and nothing else in the bridge knows about HTTP.
 */
public abstract sealed class BridgeException extends RuntimeException {
  private BridgeException(String detail) {
    super(requireNonNull(detail, "detail"));
  }

  /** The detail people read. */
  public String detail() {
    return getMessage();
  }

  /** A record that does not exist. */
  public static NotFound notFound(String detail) {
    return new NotFound(detail);
  }

  /** An action the record's state does not allow. */
  public static Conflict conflict(String detail) {
    return new Conflict(detail);
  }

  /** A value that is wrong, naming the field it came from. */
  public static Invalid invalid(String field, String detail) {
    return new Invalid(field, detail);
  }

  /** A request larger than a limit allows, naming the limit. */
  public static TooLarge tooLarge(String limit, long max, String detail) {
    return new TooLarge(limit, max, detail);
  }

  /** A record that does not exist. */
  public static final class NotFound extends BridgeException {
    private NotFound(String detail) {
      super(detail);
    }
  }

  /** An action the record's state does not allow. */
  public static final class Conflict extends BridgeException {
    private Conflict(String detail) {
      super(detail);
    }
  }

  /** A value that is wrong. */
  public static final class Invalid extends BridgeException {
    private final String field;

    private Invalid(String field, String detail) {
      super(detail);
      this.field = requireNonNull(field, "field");
    }

    /** The field that is wrong. */
    public String field() {
      return field;
    }
  }

  /** A request larger than a limit allows. */
  public static final class TooLarge extends BridgeException {
    private final String limit;
    private final long max;

    private TooLarge(String limit, long max, String detail) {
      super(detail);
      this.limit = requireNonNull(limit, "limit");
      this.max = max;
    }

    /** The name of the limit. */
    public String limit() {
      return limit;
    }

    /** The limit's value. */
    public long max() {
      return max;
    }
  }
}
