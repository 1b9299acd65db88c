package dev.burnrate.slo.promql;

/** One lexical token of a PromQL query, with its offset in the text. */
record Token(Type type, String text, int offset) {

  enum Type {
    IDENT,
    NUMBER,
    DURATION,
    TEMPLATE,
    STRING,
    LPAREN,
    RPAREN,
    LBRACE,
    RBRACE,
    LBRACKET,
    RBRACKET,
    COMMA,
    COLON,
    AT,
    OP,
    MATCH_OP,
    EOF
  }

  boolean is(Type t, String s) {
    return type == t && text.equals(s);
  }

  boolean isOp(String s) {
    return (type == Type.OP || type == Type.MATCH_OP) && text.equals(s);
  }

  String describe() {
    return switch (type) {
      case EOF -> "end of query";
      case STRING -> "string " + text;
      default -> "'" + text + "'";
    };
  }
}
