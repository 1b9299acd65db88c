package dev.burnrate.ingest.pipeline;

import static java.util.Objects.requireNonNull;

import dev.burnrate.ingest.internal.SeriesKeyHash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A series' identity: its key's two hashes ({@link SeriesKeyHash}), computed once where the series
 * is decoded, and the key text, which the store needs only for a series it has not seen. A decoder
 * that has the key as ASCII bytes hands those over and the String is made only when asked for.
 *
 * <p>Two keys are equal when both hashes are: the identity the store keys series states by.
 */
public final class SeriesKey {
  private final long hash;
  private final long check;
  private final int length;
  private final boolean hasNul;
  private final byte[] ascii;
  private String text;
  // A hint for the series log's writer: the generation of its set of logged keys in which this key
  // was last found (0: none). Plain: a stale value only costs the writer a lookup.
  private int knownIn;

  private SeriesKey(long hash, long check, int length, boolean hasNul, byte[] ascii, String text) {
    this.hash = hash;
    this.check = check;
    this.length = length;
    this.hasNul = hasNul;
    this.ascii = ascii;
    this.text = text;
  }

  /** The identity of a key given as text, hashed now. */
  public static SeriesKey of(String text) {
    requireNonNull(text, "text");
    long[] h = new long[1];
    long[] c = new long[1];
    SeriesKeyHash.both(text, h, c, 0);
    return new SeriesKey(h[0], c[0], text.length(), text.indexOf('\0') >= 0, null, text);
  }

  /** The identity of a key whose hashes are known already (read back from the series log). */
  public static SeriesKey of(long hash, long check, String text) {
    requireNonNull(text, "text");
    return new SeriesKey(hash, check, text.length(), text.indexOf('\0') >= 0, null, text);
  }

  /**
   * The identity of the key whose characters are the ASCII bytes {@code ascii[0, len)}, hashed now;
   * the bytes are copied, and made into a String only if {@link #text} is called.
   */
  public static SeriesKey ofAscii(byte[] ascii, int len, long[] scratch) {
    SeriesKeyHash.ofAscii(ascii, len, scratch);
    boolean nul = false;
    for (int i = 0; i < len; i++) {
      nul |= ascii[i] == 0;
    }
    byte[] copy = new byte[len];
    System.arraycopy(ascii, 0, copy, 0, len);
    return new SeriesKey(scratch[0], scratch[1], len, nul, copy, null);
  }

  /** Whether the key was made from exactly the ASCII bytes {@code ascii[0, len)}. */
  public boolean isAscii(byte[] bytes, int len) {
    return ascii != null && Arrays.equals(ascii, 0, ascii.length, bytes, 0, len);
  }

  /** The generation of a writer's set of logged keys that last found this key; 0 when none. */
  public int knownIn() {
    return knownIn;
  }

  /** Notes that a writer's set of logged keys, of this generation, holds this key. */
  public void knownIn(int generation) {
    if (knownIn != generation) {
      knownIn = generation;
    }
  }

  /** The primary hash of the key. */
  public long hash() {
    return hash;
  }

  /** The check hash of the key. */
  public long check() {
    return check;
  }

  /** The key's length in UTF-16 code units. */
  public int length() {
    return length;
  }

  /** Whether the key holds a NUL character (which PostgreSQL text cannot). */
  public boolean hasNul() {
    return hasNul;
  }

  /**
   * The key: the metric name and its sorted labels, as {@code SeriesLabels#seriesKey} writes it.
   */
  public String text() {
    String t = text;
    if (t == null) {
      // A race makes the same String twice, harmlessly: Strings are safely published.
      t = new String(ascii, StandardCharsets.ISO_8859_1);
      text = t;
    }
    return t;
  }

  /** The key's UTF-8 bytes. */
  public byte[] utf8() {
    return ascii != null ? ascii.clone() : text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesKey k && k.hash == hash && k.check == check;
  }

  @Override
  public int hashCode() {
    return (int) (hash ^ (hash >>> 32));
  }

  @Override
  public String toString() {
    return text();
  }
}
