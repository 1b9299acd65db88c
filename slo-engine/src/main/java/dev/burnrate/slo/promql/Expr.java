package dev.burnrate.slo.promql;

import java.util.List;

/** The syntax tree of a PromQL expression; {@code start} and {@code end} are text offsets. */
sealed interface Expr {
  int start();

  int end();

  record NumberLit(String text, int start, int end) implements Expr {}

  record StringLit(String value, int start, int end) implements Expr {}

  /** A selector, with its range when it is a range vector ({@code foo[5m]}). */
  record VectorSel(
      String name,
      List<LabelMatcher> matchers,
      String range,
      boolean hasOffset,
      boolean hasAt,
      int start,
      int end)
      implements Expr {

    String nameOrBlank() {
      return name == null ? "{...}" : name;
    }
  }

  record Call(String function, List<Expr> args, int start, int end) implements Expr {}

  record Aggregate(
      String op, boolean without, List<String> grouping, Expr param, Expr expr, int start, int end)
      implements Expr {}

  record Binary(
      String op, Expr lhs, Expr rhs, boolean hasModifiers, int opOffset, int start, int end)
      implements Expr {}

  record Unary(String op, Expr expr, int start, int end) implements Expr {}

  record Paren(Expr expr, int start, int end) implements Expr {}

  /** A subquery {@code expr[range:step]}, possibly with offset or @. */
  record Subquery(Expr expr, int start, int end) implements Expr {}

  /** An expression with an offset or @ modifier that is not a plain selector. */
  record Modified(Expr expr, String modifier, int start, int end) implements Expr {}
}
