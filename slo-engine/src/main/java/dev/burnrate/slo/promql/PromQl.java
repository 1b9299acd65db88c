package dev.burnrate.slo.promql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses SLI queries into the PromQL subset Burnrate evaluates: sums and differences of counter
 * increases, and the ratio of two such sums.
 *
 * <p>Accepted: {@code sum(rate(sel[W]))}, {@code sum(increase(sel[W]))}, {@code sum by (..)} and
 * {@code sum without (..)} (the grouping does not change a total), bare {@code rate(...)} and
 * {@code increase(...)}, {@code A + B}, {@code A - B}, parentheses, selectors with {@code = != =~
 * !~}, ranges written as {@code {{.window}}}, {@code {{ .window }}} or a literal duration, and
 * histogram buckets such as {@code x_bucket{le="0.25"}}.
 */
public final class PromQl {
  /** What the subset accepts, appended to every "unsupported" message. */
  static final String SUPPORTED =
      "Burnrate supports sums of rate(selector[range]) or increase(selector[range]) "
          + "(optionally inside sum, sum by or sum without), their sum or difference (A - B), "
          + "and for raw ratios A / B or 1 - (A / B) of such sums";

  private PromQl() {}

  /** A raw ratio query split into its numerator and denominator. */
  public record Ratio(SliQuery numerator, SliQuery denominator) {
    /** Checks the ratio. */
    public Ratio {
      requireNonNull(numerator, "numerator");
      requireNonNull(denominator, "denominator");
    }
  }

  /**
   * Checks that a query is PromQL, without asking it to be in the SLI subset.
   *
   * @throws PromQlException when the query is not PromQL
   */
  public static void checkSyntax(String text) {
    requireNonNull(text, "text");
    Parser.parse(text);
  }

  /**
   * Parses a query that counts events, such as {@code sum(rate(http_requests_total[5m]))}.
   *
   * @throws PromQlException when the query is not PromQL, or is PromQL outside the subset
   */
  public static SliQuery parseCounterSum(String text) {
    return parseCounterSum(text, false);
  }

  /**
   * Parses a query that counts events; with {@code bareCounters}, a bare selector (or a sum of
   * them) is taken as the counter itself, as OpenSLO's {@code counter: true} says.
   *
   * @throws PromQlException when the query is not PromQL, or is PromQL outside the subset
   */
  public static SliQuery parseCounterSum(String text, boolean bareCounters) {
    requireNonNull(text, "text");
    Expr e = Parser.parse(text);
    List<SliQuery.Term> terms = new ArrayList<>();
    new Subset(bareCounters).collect(e, 1, terms, false);
    return new SliQuery(text.strip(), terms);
  }

  /**
   * Parses a ratio {@code A / B} where both sides are counter sums, such as Sloth's {@code
   * error_ratio_query}; {@code 1 - (A / B)} is read as {@code (B - A) / B}.
   *
   * @throws PromQlException when the query is not PromQL, or is PromQL outside the subset
   */
  public static Ratio parseRatio(String text) {
    requireNonNull(text, "text");
    Expr top = unwrap(Parser.parse(text));
    if (top instanceof Expr.Binary b
        && b.op().equals("-")
        && !b.hasModifiers()
        && unwrap(b.lhs()) instanceof Expr.NumberLit one
        && isOne(one.text())
        && unwrap(b.rhs()) instanceof Expr.Binary inner
        && inner.op().equals("/")) {
      // 1 - (A / B), the complement of a ratio, is (B - A) / B.
      Ratio r = ratio(text, inner);
      List<SliQuery.Term> terms = new ArrayList<>(r.denominator().terms());
      for (SliQuery.Term t : r.numerator().terms()) {
        terms.add(new SliQuery.Term(-t.sign(), t.selector()));
      }
      String complement = "(" + r.denominator().text() + ") - (" + r.numerator().text() + ")";
      return new Ratio(new SliQuery(complement, terms), r.denominator());
    }
    return ratio(text, top);
  }

  private static boolean isOne(String number) {
    try {
      return Double.parseDouble(number) == 1.0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Expr unwrap(Expr e) {
    while (e instanceof Expr.Paren p) {
      e = p.expr();
    }
    return e;
  }

  private static Ratio ratio(String text, Expr top) {
    if (!(top instanceof Expr.Binary b) || !b.op().equals("/")) {
      throw PromQlException.unsupported(
          top.start(),
          "a ratio query must be A / B or 1 - (A / B) where A and B count events, but this is "
              + Subset.describe(top));
    }
    if (b.hasModifiers()) {
      throw PromQlException.unsupported(
          b.opOffset(), "vector matching (on, ignoring, group_left, group_right) is not supported");
    }
    Subset subset = new Subset(false);
    List<SliQuery.Term> num = new ArrayList<>();
    subset.collect(b.lhs(), 1, num, false);
    List<SliQuery.Term> den = new ArrayList<>();
    subset.collect(b.rhs(), 1, den, false);
    return new Ratio(
        new SliQuery(text.substring(b.lhs().start(), b.lhs().end()).strip(), num),
        new SliQuery(text.substring(b.rhs().start(), b.rhs().end()).strip(), den));
  }

  /** Walks a syntax tree and keeps it inside the subset. */
  private record Subset(boolean bareCounters) {

    void collect(Expr e, int sign, List<SliQuery.Term> out, boolean insideCounterFunction) {
      switch (e) {
        case Expr.Paren p -> collect(p.expr(), sign, out, insideCounterFunction);
        case Expr.Binary b -> {
          if (!b.op().equals("+") && !b.op().equals("-")) {
            throw PromQlException.unsupported(
                b.opOffset(), "the operator '" + b.op() + "' is not supported here");
          }
          if (b.hasModifiers()) {
            throw PromQlException.unsupported(
                b.opOffset(),
                "vector matching (on, ignoring, group_left, group_right) is not supported");
          }
          collect(b.lhs(), sign, out, false);
          collect(b.rhs(), b.op().equals("-") ? -sign : sign, out, false);
        }
        case Expr.Aggregate a -> {
          if (!a.op().equals("sum")) {
            throw PromQlException.unsupported(
                a.start(), "the aggregation " + a.op() + "() is not supported");
          }
          collect(a.expr(), sign, out, false);
        }
        case Expr.Call c -> {
          if (!c.function().equals("rate") && !c.function().equals("increase")) {
            throw PromQlException.unsupported(
                c.start(), "the function " + c.function() + "() is not supported");
          }
          if (c.args().size() != 1) {
            throw PromQlException.syntax(
                c.start(), c.function() + "() takes exactly one argument, got " + c.args().size());
          }
          Expr arg = c.args().get(0);
          if (arg instanceof Expr.VectorSel v && v.range() != null) {
            out.add(new SliQuery.Term(sign, selector(v)));
          } else if (arg instanceof Expr.VectorSel v) {
            throw PromQlException.syntax(
                v.start(),
                c.function()
                    + "() needs a range vector such as "
                    + v.nameOrBlank()
                    + "[{{.window}}]");
          } else if (arg instanceof Expr.Subquery s) {
            throw PromQlException.unsupported(s.start(), "subqueries are not supported");
          } else {
            throw PromQlException.unsupported(
                arg.start(), c.function() + "() of " + describe(arg) + " is not supported");
          }
        }
        case Expr.VectorSel v -> {
          if (v.range() != null) {
            throw PromQlException.unsupported(
                v.start(), "a range vector outside rate() or increase() is not supported");
          }
          if (!bareCounters) {
            throw PromQlException.unsupported(
                v.start(),
                "the bare selector "
                    + v.nameOrBlank()
                    + " is not a count of events; wrap it in"
                    + " rate("
                    + v.nameOrBlank()
                    + "[{{.window}}])");
          }
          out.add(new SliQuery.Term(sign, selector(v)));
        }
        case Expr.Unary u -> {
          if (u.op().equals("-")) {
            throw PromQlException.unsupported(u.start(), "unary minus is not supported");
          }
          collect(u.expr(), sign, out, insideCounterFunction);
        }
        default -> throw PromQlException.unsupported(e.start(), describe(e) + " is not supported");
      }
    }

    private static Selector selector(Expr.VectorSel v) {
      if (v.hasOffset()) {
        throw PromQlException.unsupported(v.start(), "the offset modifier is not supported");
      }
      if (v.hasAt()) {
        throw PromQlException.unsupported(v.start(), "the @ modifier is not supported");
      }
      if (v.name() == null) {
        throw PromQlException.unsupported(
            v.start(), "a selector without a metric name is not supported");
      }
      for (LabelMatcher m : v.matchers()) {
        if (m.name().equals("__name__")) {
          throw PromQlException.unsupported(
              v.start(), "a second matcher on __name__ is not supported");
        }
        if (m.name().equals("le") && v.name().endsWith("_bucket") && m.op() != MatchOp.EQ) {
          throw PromQlException.unsupported(
              v.start(),
              "a histogram bucket must be chosen with le=\"bound\"; le"
                  + m.op().symbol()
                  + " would add several cumulative buckets");
        }
      }
      return new Selector(v.name(), v.matchers());
    }

    static String describe(Expr e) {
      return switch (e) {
        case Expr.NumberLit n -> "the number " + n.text();
        case Expr.StringLit s -> "a string";
        case Expr.VectorSel v -> "the selector " + v.nameOrBlank();
        case Expr.Call c -> "the function " + c.function() + "()";
        case Expr.Aggregate a -> "the aggregation " + a.op() + "()";
        case Expr.Binary b -> "the operator '" + b.op() + "'";
        case Expr.Unary u -> "unary " + u.op();
        case Expr.Paren p -> describe(p.expr());
        case Expr.Subquery s -> "a subquery";
        case Expr.Modified m -> "the " + m.modifier() + " modifier";
      };
    }
  }
}
