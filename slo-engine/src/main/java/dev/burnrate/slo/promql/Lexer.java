package dev.burnrate.slo.promql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a PromQL query into tokens; Sloth's {@code {{.window}}} placeholder is one token. */
final class Lexer {
  private static final Pattern DURATION =
      Pattern.compile("(?:[0-9]+(?:ms|[smhdwy]))+(?![A-Za-z0-9_])");
  private static final Pattern NUMBER =
      Pattern.compile(
          "(?:0[xX][0-9a-fA-F]+|(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
              + "(?![A-Za-z0-9_])");
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*\\.window\\s*}}");

  private final String text;
  private int pos;

  private Lexer(String text) {
    this.text = text;
  }

  static List<Token> tokenize(String text) {
    return new Lexer(text).run();
  }

  private List<Token> run() {
    List<Token> out = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (pos >= text.length()) {
        out.add(new Token(Token.Type.EOF, "", pos));
        return out;
      }
      out.add(next());
    }
  }

  private void skipSpaceAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private Token next() {
    int start = pos;
    char c = text.charAt(pos);
    if (c == '{' && text.startsWith("{{", pos)) {
      Matcher m = TEMPLATE.matcher(text).region(pos, text.length());
      if (m.lookingAt()) {
        pos = m.end();
        return new Token(Token.Type.TEMPLATE, m.group(), start);
      }
      throw PromQlException.syntax(
          start, "unknown template placeholder; the only placeholder is {{.window}}");
    }
    if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(pos + 1))) {
      Matcher d = DURATION.matcher(text).region(pos, text.length());
      if (d.lookingAt()) {
        pos = d.end();
        return new Token(Token.Type.DURATION, d.group(), start);
      }
      Matcher n = NUMBER.matcher(text).region(pos, text.length());
      if (n.lookingAt()) {
        pos = n.end();
        return new Token(Token.Type.NUMBER, n.group(), start);
      }
      throw PromQlException.syntax(start, "bad number or duration");
    }
    if (Character.isLetter(c) || c == '_' || (c == ':' && nextIsIdentStart())) {
      while (pos < text.length() && isIdentPart(text.charAt(pos))) {
        pos++;
      }
      return new Token(Token.Type.IDENT, text.substring(start, pos), start);
    }
    if (c == '"' || c == '\'' || c == '`') {
      return string(c);
    }
    pos++;
    return switch (c) {
      case '(' -> new Token(Token.Type.LPAREN, "(", start);
      case ')' -> new Token(Token.Type.RPAREN, ")", start);
      case '{' -> new Token(Token.Type.LBRACE, "{", start);
      case '}' -> new Token(Token.Type.RBRACE, "}", start);
      case '[' -> new Token(Token.Type.LBRACKET, "[", start);
      case ']' -> new Token(Token.Type.RBRACKET, "]", start);
      case ',' -> new Token(Token.Type.COMMA, ",", start);
      case '@' -> new Token(Token.Type.AT, "@", start);
      case '+', '-', '*', '/', '%', '^' -> new Token(Token.Type.OP, String.valueOf(c), start);
      case '=' -> {
        if (peekChar('=')) {
          yield new Token(Token.Type.OP, "==", start);
        }
        if (peekChar('~')) {
          yield new Token(Token.Type.MATCH_OP, "=~", start);
        }
        yield new Token(Token.Type.MATCH_OP, "=", start);
      }
      case '!' -> {
        if (peekChar('=')) {
          yield new Token(Token.Type.MATCH_OP, "!=", start);
        }
        if (peekChar('~')) {
          yield new Token(Token.Type.MATCH_OP, "!~", start);
        }
        throw PromQlException.syntax(start, "unexpected character '!'");
      }
      case '<', '>' -> {
        if (peekChar('=')) {
          yield new Token(Token.Type.OP, c + "=", start);
        }
        yield new Token(Token.Type.OP, String.valueOf(c), start);
      }
      case ':' -> new Token(Token.Type.COLON, ":", start);
      default -> throw PromQlException.syntax(start, "unexpected character '" + c + "'");
    };
  }

  private boolean peekChar(char expected) {
    if (pos < text.length() && text.charAt(pos) == expected) {
      pos++;
      return true;
    }
    return false;
  }

  private Token string(char quote) {
    int start = pos;
    pos++;
    StringBuilder value = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return new Token(Token.Type.STRING, value.toString(), start);
      }
      if (c == '\\' && quote != '`') {
        if (pos >= text.length()) {
          break;
        }
        char e = text.charAt(pos++);
        switch (e) {
          case 'n' -> value.append('\n');
          case 't' -> value.append('\t');
          case 'r' -> value.append('\r');
          case 'a' -> value.append('\u0007');
          case 'b' -> value.append('\b');
          case 'f' -> value.append('\f');
          case 'v' -> value.append('\u000b');
          case '\\', '"', '\'' -> value.append(e);
          case 'x' -> value.appendCodePoint(hexEscape(2));
          case 'u' -> value.appendCodePoint(hexEscape(4));
          case 'U' -> value.appendCodePoint(hexEscape(8));
          case '0', '1', '2', '3', '4', '5', '6', '7' -> value.appendCodePoint(octalEscape());
          default ->
              throw PromQlException.syntax(
                  pos - 2,
                  "invalid escape \\"
                      + e
                      + " in a quoted string; write \\\\"
                      + e
                      + " for a regex escape");
        }
      } else if (c == '\n' && quote != '`') {
        throw PromQlException.syntax(start, "unterminated string: a newline inside quotes");
      } else {
        value.append(c);
      }
    }
    throw PromQlException.syntax(start, "unterminated string");
  }

  /** Reads the digits of a \\x, \\u or \\U escape, as Go (and so PromQL) reads them. */
  private int hexEscape(int digits) {
    int start = pos - 2;
    if (pos + digits > text.length()) {
      throw PromQlException.syntax(
          start, "a \\x, \\u or \\U escape needs " + digits + " hex digits");
    }
    try {
      int cp = Integer.parseUnsignedInt(text.substring(pos, pos + digits), 16);
      if (!Character.isValidCodePoint(cp)) {
        throw PromQlException.syntax(start, "the escape is not a Unicode code point");
      }
      pos += digits;
      return cp;
    } catch (NumberFormatException e) {
      throw PromQlException.syntax(
          start, "a \\x, \\u or \\U escape needs " + digits + " hex digits");
    }
  }

  /** Reads an octal escape {@code \\NNN} (the first digit is already read). */
  private int octalEscape() {
    int start = pos - 2;
    if (pos + 2 > text.length()
        || !isOctal(text.charAt(pos - 1))
        || !isOctal(text.charAt(pos))
        || !isOctal(text.charAt(pos + 1))) {
      throw PromQlException.syntax(start, "an octal escape needs three digits 0-7, such as \\101");
    }
    int cp = Integer.parseInt(text.substring(pos - 1, pos + 2), 8);
    if (cp > 255) {
      throw PromQlException.syntax(start, "an octal escape must be at most \\377");
    }
    pos += 2;
    return cp;
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  private boolean nextIsIdentStart() {
    if (pos + 1 >= text.length()) {
      return false;
    }
    char n = text.charAt(pos + 1);
    return Character.isLetter(n) || n == '_' || n == ':';
  }

  private boolean isDigit(int i) {
    return Character.isDigit(text.charAt(i));
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }
}
