package dev.burnrate.slo.promql;

/**
 * A query that Burnrate cannot use as an SLI: either not PromQL at all, or valid PromQL outside the
 * supported subset ({@link #unsupported()}).
 */
public final class PromQlException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int offset;
  private final boolean unsupported;
  private final String reason;

  PromQlException(int offset, boolean unsupported, String reason) {
    super(reason + " (at column " + (offset + 1) + " of the query)");
    this.offset = offset;
    this.unsupported = unsupported;
    this.reason = reason;
  }

  static PromQlException syntax(int offset, String reason) {
    return new PromQlException(offset, false, reason);
  }

  static PromQlException unsupported(int offset, String reason) {
    return new PromQlException(offset, true, reason + "; " + PromQl.SUPPORTED);
  }

  /** The 0-based character offset in the query where the problem starts. */
  public int offset() {
    return offset;
  }

  /** True when the query is valid PromQL that lies outside the SLI subset Burnrate evaluates. */
  public boolean unsupported() {
    return unsupported;
  }

  /** The message without the position. */
  public String reason() {
    return reason;
  }
}
