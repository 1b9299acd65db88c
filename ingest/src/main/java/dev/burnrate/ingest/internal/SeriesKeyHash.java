package dev.burnrate.ingest.internal;

/**
 * Two independent 64-bit hashes of a series key: {@link #of} is the compact primary key of the
 * series state table, {@link #check} is stored beside it to detect a collision of the first.
 *
 * <p>At ten million series the chance that two keys share {@link #of} is about 3 in a million; the
 * chance that they also share {@link #check} is about 10<sup>-25</sup>. Both are FNV-style passes
 * over the UTF-16 code units with different constants, finished by the MurmurHash3 mixer. A key of
 * ASCII characters hashes the same from its bytes ({@link #ofAscii}), one code unit per byte, so a
 * decoder can hash a key it has not made a String of.
 */
public final class SeriesKeyHash {
  private static final long OF_SEED = 0xcbf29ce484222325L;
  private static final long CHECK_SEED = 0x84222325cbf29ce4L;

  private SeriesKeyHash() {}

  /** The primary hash of a series key. */
  public static long of(String key) {
    long h = OF_SEED;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** The check hash of a series key, independent of {@link #of}. */
  public static long check(String key) {
    long h = CHECK_SEED ^ key.length();
    for (int i = 0; i < key.length(); i++) {
      h = (h + key.charAt(i)) * 0x9e3779b97f4a7c15L;
      h ^= h >>> 29;
    }
    return mix(h);
  }

  /**
   * Both hashes of a key in one pass, {@link #of} into {@code hashes[i]} and {@link #check} into
   * {@code checks[i]}: the same values, the two multiply chains interleaved.
   */
  public static void both(String key, long[] hashes, long[] checks, int i) {
    long h = OF_SEED;
    long c = CHECK_SEED ^ key.length();
    for (int k = 0, n = key.length(); k < n; k++) {
      char ch = key.charAt(k);
      h ^= ch;
      h *= 0x100000001b3L;
      c = (c + ch) * 0x9e3779b97f4a7c15L;
      c ^= c >>> 29;
    }
    hashes[i] = mix(h);
    checks[i] = mix(c);
  }

  /**
   * Both hashes of the key whose characters are the ASCII bytes {@code ascii[0, len)}: {@link #of}
   * into {@code out[0]} and {@link #check} into {@code out[1]}, as for the String of those bytes.
   */
  public static void ofAscii(byte[] ascii, int len, long[] out) {
    long h = OF_SEED;
    long c = CHECK_SEED ^ len;
    for (int k = 0; k < len; k++) {
      int ch = ascii[k];
      h ^= ch;
      h *= 0x100000001b3L;
      c = (c + ch) * 0x9e3779b97f4a7c15L;
      c ^= c >>> 29;
    }
    out[0] = mix(h);
    out[1] = mix(c);
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
