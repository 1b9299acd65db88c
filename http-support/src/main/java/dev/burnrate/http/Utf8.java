package dev.burnrate.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Strict UTF-8 for request bodies: invalid bytes are the client's mistake, never replaced. */
public final class Utf8 {
  private Utf8() {}

  /**
   * The body as text.
   *
   * @throws HttpProblem a 400 naming {@code field} and the offset of the first invalid byte, when
   *     the bytes are not well-formed UTF-8 (overlong forms and encoded surrogates included)
   */
  public static String decode(byte[] bytes, String field) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    var result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw HttpProblem.badRequest(
          field, field + " is not valid UTF-8 (byte " + in.position() + " is not)");
    }
    try {
      result = decoder.flush(out);
      if (result.isError()) {
        result.throwException();
      }
    } catch (CharacterCodingException e) {
      throw HttpProblem.badRequest(
          field, field + " is not valid UTF-8: it ends inside a character");
    }
    return out.flip().toString();
  }

  /**
   * The index of the first UTF-16 surrogate in {@code text} that is not half of a pair (JSON's
   * {@code "\\ud800"} decodes to one), or -1. Such a string has no UTF-8 form: PostgreSQL would
   * store it as "?".
   */
  public static int loneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Why PostgreSQL text cannot store {@code text} (a NUL character, or a lone surrogate that it
   * would store as "?"), as a message naming {@code field}; empty when it can.
   */
  public static Optional<String> unstorable(String field, String text) {
    if (text.indexOf('\0') >= 0) {
      return Optional.of(field + " must not contain a NUL character (U+0000)");
    }
    int lone = loneSurrogate(text);
    if (lone >= 0) {
      return Optional.of(
          field
              + " must not contain a lone surrogate (\\u"
              + Integer.toHexString(text.charAt(lone))
              + ")");
    }
    return Optional.empty();
  }
}
