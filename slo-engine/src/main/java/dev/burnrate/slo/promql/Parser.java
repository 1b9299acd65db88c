package dev.burnrate.slo.promql;

import dev.burnrate.slo.promql.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for the whole PromQL expression language, so that a query outside the
 * SLI subset is told apart from one that is not PromQL at all.
 */
final class Parser extends TokenStream {
  /** Nesting beyond this is refused, so a hostile query cannot overflow the stack. */
  static final int MAX_DEPTH = 100;

  private int depth;

  private Parser(List<Token> tokens) {
    super(tokens);
  }

  /** Parses a complete expression. */
  static Expr parse(String text) {
    Parser p = new Parser(Lexer.tokenize(text));
    if (p.peek().type() == Type.EOF) {
      throw PromQlException.syntax(0, "the query is empty");
    }
    Expr e = p.expression(0);
    Token t = p.peek();
    if (t.type() != Type.EOF) {
      throw PromQlException.syntax(
          t.offset(), "unexpected " + t.describe() + " after the expression");
    }
    return e;
  }

  private boolean isBinaryOp(Token t, int level) {
    Set<String> ops = PromQlVocabulary.LEVELS.get(level);
    if (t.type() == Type.OP || (t.type() == Type.MATCH_OP && t.text().equals("!="))) {
      return ops.contains(t.text());
    }
    return t.type() == Type.IDENT && ops.contains(t.text().toLowerCase(Locale.ROOT));
  }

  private Expr expression(int level) {
    if (level == PromQlVocabulary.LEVELS.size()) {
      return unary();
    }
    Expr lhs = expression(level + 1);
    while (isBinaryOp(peek(), level)) {
      Token op = advance();
      boolean modifiers = binaryModifiers(op);
      Expr rhs = expression(level + 1);
      lhs =
          new Expr.Binary(
              op.text().toLowerCase(Locale.ROOT),
              lhs,
              rhs,
              modifiers,
              op.offset(),
              lhs.start(),
              rhs.end());
    }
    return lhs;
  }

  private boolean binaryModifiers(Token op) {
    boolean any = false;
    if (peek().is(Type.IDENT, "bool")) {
      if (!PromQlVocabulary.COMPARISONS.contains(op.text())) {
        throw PromQlException.syntax(
            peek().offset(), "bool modifier can only be used on comparison operators");
      }
      advance();
      any = true;
    }
    if (peek().is(Type.IDENT, "on") || peek().is(Type.IDENT, "ignoring")) {
      advance();
      labelList();
      any = true;
      if (peek().is(Type.IDENT, "group_left") || peek().is(Type.IDENT, "group_right")) {
        advance();
        if (peek().type() == Type.LPAREN) {
          labelList();
        }
      }
    }
    return any;
  }

  private Expr unary() {
    if (++depth > MAX_DEPTH) {
      throw PromQlException.syntax(
          peek().offset(), "the query nests deeper than " + MAX_DEPTH + " levels");
    }
    try {
      return unaryInner();
    } finally {
      depth--;
    }
  }

  private Expr unaryInner() {
    Token t = peek();
    if (t.isOp("-") || t.isOp("+")) {
      advance();
      Expr e = unary();
      return new Expr.Unary(t.text(), e, t.offset(), e.end());
    }
    return power();
  }

  private Expr power() {
    Expr base = postfix(primary());
    if (peek().isOp("^")) {
      Token op = advance();
      Expr exp = unary();
      return new Expr.Binary(
          "^", base, exp, binaryModifiers(op), op.offset(), base.start(), exp.end());
    }
    return base;
  }

  private Expr postfix(Expr e) {
    while (true) {
      Token t = peek();
      if (t.type() == Type.LBRACKET) {
        e = range(e);
      } else if (t.is(Type.IDENT, "offset")) {
        advance();
        if (peek().isOp("-")) {
          advance();
        }
        Token d = expect(Type.DURATION, "a duration after offset");
        e = modified(e, "offset", d.offset() + d.text().length());
      } else if (t.type() == Type.AT) {
        advance();
        Token v = peek();
        int end;
        if (v.type() == Type.NUMBER) {
          end = advance().offset() + v.text().length();
        } else if (v.is(Type.IDENT, "start") || v.is(Type.IDENT, "end")) {
          advance();
          expect(Type.LPAREN, "'('");
          end = expect(Type.RPAREN, "')'").offset() + 1;
        } else {
          throw PromQlException.syntax(
              v.offset(),
              "expected a timestamp, start() or end() after @ but found " + v.describe());
        }
        e = modified(e, "@", end);
      } else {
        return e;
      }
    }
  }

  private Expr modified(Expr e, String modifier, int end) {
    if (e instanceof Expr.VectorSel v) {
      return new Expr.VectorSel(
          v.name(),
          v.matchers(),
          v.range(),
          v.hasOffset() || modifier.equals("offset"),
          v.hasAt() || modifier.equals("@"),
          v.start(),
          end);
    }
    if (e instanceof Expr.Subquery || e instanceof Expr.Modified) {
      return new Expr.Modified(e, modifier, e.start(), end);
    }
    throw PromQlException.syntax(
        e.start(), modifier + " modifier must be preceded by a selector or a subquery");
  }

  private Expr range(Expr e) {
    Token open = advance();
    Token r = peek();
    if (r.type() != Type.DURATION && r.type() != Type.TEMPLATE) {
      throw PromQlException.syntax(
          r.offset(),
          "expected a duration such as 5m or {{.window}} in [ ] but found " + r.describe());
    }
    advance();
    if (peek().type() == Type.COLON) {
      advance();
      if (peek().type() == Type.DURATION || peek().type() == Type.TEMPLATE) {
        advance();
      }
      int end = expect(Type.RBRACKET, "']'").offset() + 1;
      return new Expr.Subquery(e, e.start(), end);
    }
    int end = expect(Type.RBRACKET, "']'").offset() + 1;
    if (e instanceof Expr.VectorSel v && v.range() == null && !v.hasOffset() && !v.hasAt()) {
      return new Expr.VectorSel(v.name(), v.matchers(), r.text(), false, false, v.start(), end);
    }
    throw PromQlException.syntax(
        open.offset(),
        "a range [" + r.text() + "] is only allowed right after a series selector such as foo[5m]");
  }

  private Expr primary() {
    Token t = peek();
    switch (t.type()) {
      case NUMBER -> {
        advance();
        return new Expr.NumberLit(t.text(), t.offset(), t.offset() + t.text().length());
      }
      case STRING -> {
        advance();
        return new Expr.StringLit(t.text(), t.offset(), peek().offset());
      }
      case LPAREN -> {
        advance();
        Expr inner = expression(0);
        Token close = expect(Type.RPAREN, "')'");
        return new Expr.Paren(inner, t.offset(), close.offset() + 1);
      }
      case LBRACE -> {
        return selector(null, t.offset());
      }
      case IDENT -> {
        return identifier();
      }
      default ->
          throw PromQlException.syntax(
              t.offset(), "expected an expression but found " + t.describe());
    }
  }

  private Expr identifier() {
    Token t = advance();
    String lower = t.text().toLowerCase(Locale.ROOT);
    if (PromQlVocabulary.AGGREGATORS.contains(lower)
        && (peek().type() == Type.LPAREN
            || peek().is(Type.IDENT, "by")
            || peek().is(Type.IDENT, "without"))) {
      return aggregate(t, lower);
    }
    if (peek().type() == Type.LPAREN) {
      if (!PromQlVocabulary.FUNCTIONS.contains(t.text())) {
        throw PromQlException.syntax(t.offset(), "unknown function " + t.text() + "()");
      }
      advance();
      List<Expr> args = new ArrayList<>();
      if (peek().type() != Type.RPAREN) {
        args.add(expression(0));
        while (peek().type() == Type.COMMA) {
          advance();
          args.add(expression(0));
        }
      }
      Token close = expect(Type.RPAREN, "')' or ',' in the arguments of " + t.text() + "()");
      return new Expr.Call(t.text(), args, t.offset(), close.offset() + 1);
    }
    if (lower.equals("inf") || lower.equals("nan")) {
      return new Expr.NumberLit(t.text(), t.offset(), t.offset() + t.text().length());
    }
    if (peek().type() == Type.LBRACE) {
      return selector(t.text(), t.offset());
    }
    return new Expr.VectorSel(
        t.text(), List.of(), null, false, false, t.offset(), t.offset() + t.text().length());
  }

  private Expr aggregate(Token op, String name) {
    boolean without = false;
    List<String> grouping = List.of();
    boolean groupingSeen = false;
    if (peek().is(Type.IDENT, "by") || peek().is(Type.IDENT, "without")) {
      without = advance().text().equals("without");
      grouping = labelList();
      groupingSeen = true;
    }
    expect(Type.LPAREN, "'(' after " + op.text());
    Expr param = null;
    Expr inner = expression(0);
    if (PromQlVocabulary.PARAMETERISED.contains(name)) {
      expect(Type.COMMA, "',' and the vector argument of " + op.text() + "()");
      param = inner;
      inner = expression(0);
    }
    Token close = expect(Type.RPAREN, "')' closing " + op.text() + "(");
    int end = close.offset() + 1;
    if (!groupingSeen && (peek().is(Type.IDENT, "by") || peek().is(Type.IDENT, "without"))) {
      without = advance().text().equals("without");
      grouping = labelList();
      end = previous().offset() + 1;
    }
    return new Expr.Aggregate(name, without, grouping, param, inner, op.offset(), end);
  }

  private List<String> labelList() {
    expect(Type.LPAREN, "'(' and a list of label names");
    List<String> labels = new ArrayList<>();
    while (peek().type() != Type.RPAREN) {
      Token l = peek();
      if (l.type() != Type.IDENT && l.type() != Type.STRING) {
        throw PromQlException.syntax(l.offset(), "expected a label name but found " + l.describe());
      }
      labels.add(advance().text());
      if (peek().type() == Type.COMMA) {
        advance();
      } else if (peek().type() != Type.RPAREN) {
        throw PromQlException.syntax(
            peek().offset(), "expected ',' or ')' in a label list but found " + peek().describe());
      }
    }
    advance();
    return labels;
  }

  private Expr selector(String name, int start) {
    expect(Type.LBRACE, "'{'");
    List<LabelMatcher> matchers = new ArrayList<>();
    String metric = name;
    while (peek().type() != Type.RBRACE) {
      Token label = peek();
      if (label.type() == Type.STRING
          && (peek(1).type() == Type.COMMA || peek(1).type() == Type.RBRACE)) {
        // Prometheus 3 quotes metric names that are not identifiers: {"http.requests", ...}
        if (metric != null) {
          throw PromQlException.syntax(label.offset(), "the metric name is given twice");
        }
        metric = advance().text();
        if (peek().type() == Type.COMMA) {
          advance();
        }
        continue;
      }
      if (label.type() != Type.IDENT && label.type() != Type.STRING) {
        throw PromQlException.syntax(
            label.offset(), "expected a label name in { } but found " + label.describe());
      }
      advance();
      Token op = peek();
      if (op.type() != Type.MATCH_OP) {
        throw PromQlException.syntax(
            op.offset(),
            "expected one of = != =~ !~ after label "
                + label.text()
                + " but found "
                + op.describe());
      }
      advance();
      Token value = expect(Type.STRING, "a quoted label value");
      MatchOp mop = MatchOp.of(op.text());
      LabelMatcher m;
      try {
        m = LabelMatcher.of(label.text(), mop, value.text());
      } catch (IllegalArgumentException e) {
        throw PromQlException.syntax(value.offset(), e.getMessage());
      }
      if (label.text().equals("__name__") && mop == MatchOp.EQ && metric == null) {
        metric = value.text();
      } else {
        matchers.add(m);
      }
      if (peek().type() == Type.COMMA) {
        advance();
      } else if (peek().type() != Type.RBRACE) {
        throw PromQlException.syntax(
            peek().offset(), "expected ',' or '}' in a selector but found " + peek().describe());
      }
    }
    Token close = advance();
    if (metric == null && matchers.stream().allMatch(m -> m.matches(""))) {
      throw PromQlException.syntax(
          start, "a selector without a metric name needs at least one matcher that is not empty");
    }
    return new Expr.VectorSel(metric, matchers, null, false, false, start, close.offset() + 1);
  }
}
