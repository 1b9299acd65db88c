package dev.burnrate.ingest.store.internal;

/**
 * A 64-bit hash of a series key, the compact primary key of the series state table.
 *
 * <p>FNV-1a over the UTF-16 code units, then the MurmurHash3 finaliser for avalanche. At ten
 * million series the chance of any collision is about 3 in a million; the store keeps the key and
 * detects one (see {@link GroupPlan}).
 */
public final class SeriesHash {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private SeriesHash() {}

  /** The hash of a series key. */
  public static long of(String key) {
    long h = FNV_OFFSET;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= FNV_PRIME;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
