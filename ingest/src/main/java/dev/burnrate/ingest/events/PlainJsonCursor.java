package dev.burnrate.ingest.events;

import java.util.Arrays;

/**
 * A cursor over a JSON body's bytes for {@link PlainEventsParser}: whitespace, colons, separators
 * and strings of printable ASCII without escapes, read in place. Its subclasses read an event's
 * values ({@link PlainEventValues}) and the events grammar ({@link PlainEventsParser}) with it; the
 * methods are final and the fields package-private, so the split costs no call or load.
 */
abstract sealed class PlainJsonCursor permits PlainEventValues {
  // What follows a member of an object or an element of an array (see separator).
  static final int MORE = 0;
  static final int CLOSED = 1;
  static final int DECLINED = 2;

  final byte[] b;

  final int end;

  int pos;

  // The string last read by string(): the index of its closing quote and its String.hashCode.
  int stringEnd;

  int stringHash;

  final boolean same(int from, byte[] name) {
    return Arrays.equals(b, from, from + name.length, name, 0, name.length);
  }

  /**
   * Reads a string at {@code pos}: on true, {@code pos} is its first character and {@link
   * #stringEnd} its closing quote. Only printable ASCII without escapes, at most {@code max}
   * characters.
   */
  final boolean string(int max) {
    if (pos == end || b[pos] != '"') {
      return false;
    }
    int start = pos + 1;
    int limit = (int) Math.min(end, (long) start + max + 1);
    int hash = 0;
    for (int i = start; i < limit; i++) {
      byte c = b[i];
      if (c == '"') {
        pos = start;
        stringEnd = i;
        stringHash = hash;
        return true;
      }
      if (c < 0x20 || c > 0x7e || c == '\\') {
        return false;
      }
      hash = 31 * hash + c;
    }
    return false;
  }

  final boolean colon() {
    skipWhitespace();
    if (pos == end || b[pos] != ':') {
      return false;
    }
    pos++;
    skipWhitespace();
    return true;
  }

  /**
   * Reads what follows a member or an element: {@link #MORE} after a comma (and the whitespace
   * behind it), {@link #CLOSED} after {@code close}, {@link #DECLINED} for anything else.
   */
  final int separator(byte close) {
    skipWhitespace();
    if (pos == end) {
      return DECLINED;
    }
    byte c = b[pos++];
    if (c == close) {
      return CLOSED;
    }
    if (c != ',') {
      return DECLINED;
    }
    skipWhitespace();
    return MORE;
  }

  final void skipWhitespace() {
    while (pos < end) {
      byte c = b[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  PlainJsonCursor(byte[] body) {
    this.b = body;
    this.end = body.length;
  }
}
