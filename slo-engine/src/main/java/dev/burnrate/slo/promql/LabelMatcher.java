package dev.burnrate.slo.promql;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher such as {@code code=~"5.."}; regular expressions are fully anchored, as in
 * PromQL, and a missing label matches as the empty string.
 */
public record LabelMatcher(String name, MatchOp op, String value, Pattern pattern) {

  /** Checks the matcher; {@code pattern} is the compiled regex for RE and NRE, else null. */
  public LabelMatcher {
    requireNonNull(name, "name");
    requireNonNull(op, "op");
    requireNonNull(value, "value");
    if ((op == MatchOp.RE || op == MatchOp.NRE) && pattern == null) {
      throw new IllegalArgumentException("a regex matcher needs its pattern");
    }
  }

  /**
   * A matcher for {@code name op "value"}.
   *
   * @throws IllegalArgumentException when a regex does not compile
   */
  public static LabelMatcher of(String name, MatchOp op, String value) {
    Pattern p = null;
    if (op == MatchOp.RE || op == MatchOp.NRE) {
      try {
        p = Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "invalid regular expression for label " + name + ": " + e.getDescription(), e);
      }
    }
    return new LabelMatcher(name, op, value, p);
  }

  /** Whether a label value (null when the label is absent) satisfies the matcher. */
  public boolean matches(String labelValue) {
    String v = labelValue == null ? "" : labelValue;
    return switch (op) {
      case EQ -> v.equals(value);
      case NE -> !v.equals(value);
      case RE -> pattern.matcher(v).matches();
      case NRE -> !pattern.matcher(v).matches();
    };
  }

  /**
   * Matchers are equal when their text is: the compiled pattern follows from the value, and {@link
   * Pattern} itself compares by identity, which would make every reload see a changed SLO.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher m
        && name.equals(m.name)
        && op == m.op
        && value.equals(m.value);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + op.hashCode()) * 31 + value.hashCode();
  }

  @Override
  public String toString() {
    return name + op.symbol() + '"' + value + '"';
  }
}
