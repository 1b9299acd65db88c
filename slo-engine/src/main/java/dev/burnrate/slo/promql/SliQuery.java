package dev.burnrate.slo.promql;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A parsed SLI query: a signed sum of counter increases, such as {@code
 * sum(rate(a_total[{{.window}}])) - sum(rate(b_total{code="200"}[{{.window}}]))}.
 *
 * @param text the query as written in the file
 * @param terms the counters it adds (+1) or subtracts (-1)
 */
public record SliQuery(String text, List<Term> terms) {

  /** Checks the query and copies its terms. */
  public SliQuery {
    requireNonNull(text, "text");
    terms = List.copyOf(terms);
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("an SLI query needs at least one term");
    }
  }

  /** One counter in the sum, with its sign. */
  public record Term(int sign, Selector selector) {
    /** Checks the term. */
    public Term {
      requireNonNull(selector, "selector");
      if (sign != 1 && sign != -1) {
        throw new IllegalArgumentException("sign must be 1 or -1, got " + sign);
      }
    }
  }
}
