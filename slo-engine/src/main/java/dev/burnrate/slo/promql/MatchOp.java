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

  /** The operator as PromQL writes it. */
  public String symbol() {
    return symbol;
  }
}
