package dev.burnrate.slo.promql;

import dev.burnrate.slo.promql.Token.Type;
import java.util.List;

/** The lexer's tokens as a parser reads them: one at a time, with a look ahead. */
abstract class TokenStream {
  private final List<Token> tokens;
  private int pos;

  /** A stream over {@code tokens}, which end with an {@link Type#EOF} token. */
  TokenStream(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** The next token, not consumed. */
  final Token peek() {
    return tokens.get(pos);
  }

  /** The token {@code ahead} places after the next one, or the end. */
  final Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  /** Consumes the next token. */
  final Token advance() {
    return tokens.get(pos++);
  }

  /** The token consumed last. */
  final Token previous() {
    return tokens.get(pos - 1);
  }

  /** Consumes the next token, which must be of {@code type}; a syntax error naming {@code what}. */
  final Token expect(Type type, String what) {
    Token t = peek();
    if (t.type() != type) {
      throw PromQlException.syntax(t.offset(), "expected " + what + " but found " + t.describe());
    }
    return advance();
  }
}
