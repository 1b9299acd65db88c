package dev.burnrate.ingest.remotewrite;

import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.match.internal.MetricSelectors;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.SeriesKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The keys and matches of series seen in earlier requests, shared by every decoding thread: a
 * Prometheus sends the same series in every request, so a series found here by its key bytes needs
 * neither label strings nor matching nor hashing again. Only series whose key holds every label
 * (ASCII, names ascending, no empty value) and whose selectors match by labels alone are kept, so
 * that the key bytes decide the match.
 *
 * <p>A table of {@link #SLOTS} entries in sets of {@link #WAYS}: a key's quick hash picks its set,
 * and the set's quick hashes, kept side by side in one array, tell which entry to compare without
 * reaching any entry that cannot be it. A newcomer takes a free way, or else replaces the way its
 * hash picks. With sets of four, of 32,000 series (the ingest benchmark's stream when every series
 * is an SLO's) all but about 0.4% stay (a set draws a fifth key about once in 270); with pairs,
 * about a tenth of the keys shared a pair with two others and evicted each other, request after
 * request, each miss costing a full matching.
 *
 * <p>Two tables: {@link #SHARED} by the key's bytes, and {@link #SHARED_RAW} by the bytes of the
 * label fields as Prometheus writes them (one run, ASCII), which is asked first and needs no key
 * written; a series kept in one is not kept in the other.
 *
 * <p>Entries are immutable but for a hint (the entry that followed), so threads share them without
 * locks: whatever entry a racing reader reaches is compared in full before it is used. An entry
 * names the selectors (a raw one: the index) it was matched by, so after an SLO reload it no longer
 * applies (and holds the old selectors until it is replaced): at most {@link #SLOTS} entries per
 * table, about 17 MiB of 130-byte keys, and for a full raw table about 55 MiB more (the label
 * bytes, the key and the entry, some 440 bytes a series of seven labels).
 */
final class SeriesMatches {
  static final int SLOTS = 1 << 17;
  static final int WAYS = 4;
  static final SeriesMatches SHARED = new SeriesMatches();

  /** The series of Prometheus' shape, found by the bytes of their label fields. */
  static final SeriesMatches SHARED_RAW = new SeriesMatches();

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final int[] quick = new int[SLOTS];
  private final Entry[] slots = new Entry[SLOTS];

  /**
   * One series: the selectors it was matched against (of one index), its key and matches, and, in a
   * table of raw label bytes, those bytes. Immutable but for a hint: the series that came after it
   * in the last request that held it, which a sender that keeps its order sends after it again.
   */
  static final class Entry {
    private final SelectorIndex index;
    // The limits the series' labels were checked against when it was first seen.
    private final IngestLimits limits;
    private final MetricSelectors selectors;
    private final byte[] raw;
    private final SeriesKey key;
    // The key's two hashes, read here where the entry is at hand rather than from the key.
    private final long keyHash;
    private final long keyCheck;
    private final List<Contribution> matches;
    // Plain: a racing reader sees an older hint or none, and checks any entry it gets in full.
    private Entry next;

    Entry(
        SelectorIndex index,
        IngestLimits limits,
        MetricSelectors selectors,
        byte[] raw,
        SeriesKey key,
        List<Contribution> matches) {
      this.index = index;
      this.limits = limits;
      this.selectors = selectors;
      this.raw = raw;
      this.key = key;
      this.keyHash = key == null ? 0 : key.hash();
      this.keyCheck = key == null ? 0 : key.check();
      this.matches = matches;
    }

    MetricSelectors selectors() {
      return selectors;
    }

    /** The series' key; null when nothing matches it. */
    SeriesKey key() {
      return key;
    }

    /** The key's {@link SeriesKey#hash}. */
    long keyHash() {
      return keyHash;
    }

    /** The key's {@link SeriesKey#check}. */
    long keyCheck() {
      return keyCheck;
    }

    List<Contribution> matches() {
      return matches;
    }

    /** The entry that followed this one last time; null when none is known. */
    Entry next() {
      return next;
    }

    /** Notes that {@code e} came after this entry. */
    void followedBy(Entry e) {
      if (next != e) {
        next = e;
      }
    }

    /** Whether the series' labels were checked against {@code l} when it was first seen. */
    boolean checkedUnder(IngestLimits l) {
      return limits == l || (limits != null && limits.equals(l));
    }

    /**
     * Whether a series whose message is {@code buf[from, to)} may be this raw entry's: its first
     * bytes (those of the metric name's label, as Prometheus writes it first) are the entry's.
     */
    boolean mayStart(byte[] buf, int from, int to) {
      int n = Math.min(16, raw.length);
      return raw.length <= to - from && Arrays.equals(raw, 0, n, buf, from, from + n);
    }

    /**
     * Whether this raw entry is of the label fields {@code buf[from, to)}, matched under {@code ix}
     * (the bytes hold the metric name, so the index decides the selectors).
     */
    boolean holds(SelectorIndex ix, byte[] buf, int from, int to) {
      return index == ix
          && raw != null
          && raw.length == to - from
          && Arrays.equals(raw, 0, raw.length, buf, from, to);
    }
  }

  /** The entry of the key {@code written} holds, matched by {@code selectors}; null when none. */
  Entry find(MetricSelectors selectors, AsciiSeriesKey written, int quickHash) {
    int set = quickHash & (SLOTS - WAYS);
    for (int w = set; w < set + WAYS; w++) {
      if (quick[w] == quickHash) {
        Entry e = slots[w];
        if (e != null && e.selectors == selectors && written.is(e.key)) {
          return e;
        }
      }
    }
    return null;
  }

  /**
   * The entry of the series whose label fields are the bytes {@code buf[from, to)}, matched under
   * {@code index}; null when none. Only for a table filled by {@link #putRaw}.
   */
  Entry findRaw(SelectorIndex index, byte[] buf, int from, int to, int quickHash) {
    int set = quickHash & (SLOTS - WAYS);
    for (int w = set; w < set + WAYS; w++) {
      if (quick[w] == quickHash) {
        Entry e = slots[w];
        if (e != null && e.holds(index, buf, from, to)) {
          return e;
        }
      }
    }
    return null;
  }

  /**
   * Keeps the key and matches of the series whose label fields are {@code buf[from, to)} (copied),
   * and returns its entry; {@code key} is null when nothing matches it.
   */
  Entry putRaw(
      SelectorIndex index,
      IngestLimits limits,
      MetricSelectors selectors,
      byte[] buf,
      int from,
      int to,
      int quickHash,
      SeriesKey key,
      List<Contribution> matches) {
    Entry e = new Entry(index, limits, selectors, Arrays.copyOfRange(buf, from, to), key, matches);
    store(quickHash, e);
    return e;
  }

  /**
   * A quick hash of {@code buf[from, to)}, eight bytes at a time, to find a key or a run of label
   * bytes in a table.
   */
  static int quickHash(byte[] buf, int from, int to) {
    long h = 0x9e3779b97f4a7c15L ^ (to - from);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = (h ^ (long) LONG.get(buf, i)) * 0xff51afd7ed558ccdL;
      h ^= h >>> 29;
    }
    for (; i < to; i++) {
      h = (h ^ buf[i]) * 0x100000001b3L;
    }
    h ^= h >>> 32;
    h *= 0xc4ceb9fe1a85ec53L;
    return (int) (h ^ (h >>> 29));
  }

  /** Keeps a series' key and matches. */
  void put(MetricSelectors selectors, int quickHash, SeriesKey key, List<Contribution> matches) {
    store(quickHash, new Entry(null, null, selectors, null, key, matches));
  }

  private void store(int quickHash, Entry entry) {
    int set = quickHash & (SLOTS - WAYS);
    int way = set + ((quickHash >>> 17) & (WAYS - 1));
    for (int w = set; w < set + WAYS; w++) {
      if (slots[w] == null) {
        way = w;
        break;
      }
    }
    // Plain stores: a reader may pair the new hash with the old entry or the reverse, and the
    // selectors and key comparison refuse a wrong pairing; an entry it reads is complete (a record
    // of final fields).
    Entry old = slots[way];
    if (old != null) {
      // An entry put out keeps no other alive: a live one's hint holds at most one put-out entry.
      old.next = null;
    }
    slots[way] = entry;
    quick[way] = quickHash;
  }
}
