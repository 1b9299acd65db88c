package dev.burnrate.slo.promql;

/** The four PromQL label-matching operators. */
public enum MatchOp {
  EQ("="),
  NE("!="),
  RE("=~"),
  NRE("!~");

  private final String symbol;

  MatchOp(String symbol) {
    this.symbol = symbol;
  }

  /** The operator PromQL writes as {@code symbol}. */
  static MatchOp of(String symbol) {
    for (MatchOp op : values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    throw new IllegalArgumentException("not a label-matching operator: " + symbol);
  }

  /** The operator as PromQL writes it. */
  public String symbol() {
    return symbol;
  }
}
