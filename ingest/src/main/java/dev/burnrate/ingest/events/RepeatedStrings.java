package dev.burnrate.ingest.events;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The short strings of one request, by their characters: service, route and method values repeat
 * from event to event, so a value seen before is returned as the same {@code String} without
 * allocating it again. Bounded: past {@link #MAX_STRINGS} distinct values, or for values longer
 * than {@link #MAX_LENGTH}, a new string is returned and not kept.
 */
final class RepeatedStrings {
  static final int MAX_LENGTH = 64;
  static final int MAX_STRINGS = 4096;

  private final int maxLength;
  private String[] table = new String[64];
  private int size;
  // ASCII strings read from bytes, by their bytes.
  private byte[][] asciiKeys = new byte[64][];
  private String[] asciiValues = new String[64];
  private int asciiSize;

  /**
   * Strings read from parsers that refuse strings longer than {@code maxJsonStringLength}: longer
   * ones are read through {@link JsonParser#getText}, which refuses them as before.
   */
  RepeatedStrings(int maxJsonStringLength) {
    this.maxLength = Math.min(MAX_LENGTH, maxJsonStringLength);
  }

  /** The text of the parser's current string token. */
  String read(JsonParser p) throws IOException {
    int length = p.getTextLength();
    if (length > maxLength) {
      return p.getText();
    }
    return of(p.getTextCharacters(), p.getTextOffset(), length);
  }

  /**
   * The string of {@code chars[offset, offset + length)}: a kept one when equal, else a new one.
   */
  String of(char[] chars, int offset, int length) {
    if (length > maxLength) {
      return new String(chars, offset, length);
    }
    // The same hash as String.hashCode, so a kept string's cached hash is compared first.
    int hash = 0;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + chars[i];
    }
    int mask = table.length - 1;
    int slot = spread(hash) & mask;
    for (String s = table[slot]; s != null; s = table[slot]) {
      if (s.hashCode() == hash && equal(s, chars, offset, length)) {
        return s;
      }
      slot = (slot + 1) & mask;
    }
    String s = new String(chars, offset, length);
    if (size < MAX_STRINGS) {
      table[slot] = s;
      size++;
      if (size * 2 > table.length) {
        grow();
      }
    }
    return s;
  }

  /**
   * The string of the ASCII bytes {@code bytes[offset, offset + length)}: a kept one when equal,
   * else a new one. The caller has checked that every byte is ASCII and computed the string's
   * {@code hashCode} while it did.
   */
  String ofAscii(byte[] bytes, int offset, int length, int hash) {
    if (length > maxLength) {
      return new String(bytes, offset, length, StandardCharsets.US_ASCII);
    }
    int mask = asciiKeys.length - 1;
    int slot = spread(hash) & mask;
    for (byte[] k = asciiKeys[slot]; k != null; k = asciiKeys[slot]) {
      if (Arrays.equals(k, 0, k.length, bytes, offset, offset + length)) {
        return asciiValues[slot];
      }
      slot = (slot + 1) & mask;
    }
    String s = new String(bytes, offset, length, StandardCharsets.US_ASCII);
    if (asciiSize < MAX_STRINGS) {
      asciiKeys[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
      asciiValues[slot] = s;
      asciiSize++;
      if (asciiSize * 2 > asciiKeys.length) {
        growAscii();
      }
    }
    return s;
  }

  private void growAscii() {
    byte[][] oldKeys = asciiKeys;
    String[] oldValues = asciiValues;
    asciiKeys = new byte[oldKeys.length * 2][];
    asciiValues = new String[oldKeys.length * 2];
    int mask = asciiKeys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = spread(oldValues[i].hashCode()) & mask;
        while (asciiKeys[slot] != null) {
          slot = (slot + 1) & mask;
        }
        asciiKeys[slot] = oldKeys[i];
        asciiValues[slot] = oldValues[i];
      }
    }
  }

  private static boolean equal(String s, char[] chars, int offset, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  private void grow() {
    String[] old = table;
    table = new String[old.length * 2];
    int mask = table.length - 1;
    for (String s : old) {
      if (s != null) {
        int slot = spread(s.hashCode()) & mask;
        while (table[slot] != null) {
          slot = (slot + 1) & mask;
        }
        table[slot] = s;
      }
    }
  }
}
