package dev.burnrate.ingest.store.internal;

/**
 * Two independent 64-bit hashes of a series key: {@link #of} is the compact primary key of the
 * series state table, {@link #check} is stored beside it to detect a collision of the first.
 *
 * <p>At ten million series the chance that two keys share {@link #of} is about 3 in a million; the
 * chance that they also share {@link #check} is about 10<sup>-25</sup>. Both are FNV-style passes
 * over the UTF-16 code units with different constants, finished by the MurmurHash3 mixer.
 */
final class SeriesHash {
  private SeriesHash() {}

  /** The primary hash of a series key. */
  public static long of(String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** The check hash of a series key, independent of {@link #of}. */
  public static long check(String key) {
    long h = 0x84222325cbf29ce4L ^ key.length();
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
  static void both(String key, long[] hashes, long[] checks, int i) {
    long h = 0xcbf29ce484222325L;
    long c = 0x84222325cbf29ce4L ^ key.length();
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

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
