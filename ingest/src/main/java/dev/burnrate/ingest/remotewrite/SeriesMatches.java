package dev.burnrate.ingest.remotewrite;

import dev.burnrate.ingest.match.internal.MetricSelectors;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.SeriesKey;
import java.util.List;

/**
 * The keys and matches of series seen in earlier requests, shared by every decoding thread: a
 * Prometheus sends the same series in every request, so a series found here by its key bytes needs
 * neither label strings nor matching nor hashing again. Only series whose key holds every label
 * (ASCII, names ascending, no empty value) and whose selectors match by labels alone are kept, so
 * that the key bytes decide the match. A 2-way table of {@link #SLOTS} entries; a newcomer replaces
 * an older entry. Entries are immutable, so threads share them without locks. An entry names the
 * selectors it was matched by, so after an SLO reload it no longer applies (and holds the old
 * selectors until it is replaced): at most {@link #SLOTS} keys, about 13 MiB of 130-byte keys.
 */
final class SeriesMatches {
  static final int SLOTS = 1 << 16;
  static final SeriesMatches SHARED = new SeriesMatches();

  private final Entry[] slots = new Entry[SLOTS];

  /** One series: the selectors it was matched against (of one index), its key and matches. */
  record Entry(
      MetricSelectors selectors, int quickHash, SeriesKey key, List<Contribution> matches) {}

  /** The entry of the key {@code written} holds, matched by {@code selectors}; null when none. */
  Entry find(MetricSelectors selectors, AsciiSeriesKey written, int quickHash) {
    int slot = quickHash & (SLOTS - 1);
    Entry e = slots[slot];
    if (e != null && e.quickHash == quickHash && e.selectors == selectors && written.is(e.key)) {
      return e;
    }
    e = slots[slot ^ 1];
    if (e != null && e.quickHash == quickHash && e.selectors == selectors && written.is(e.key)) {
      return e;
    }
    return null;
  }

  /** Keeps a series' key and matches. */
  void put(MetricSelectors selectors, int quickHash, SeriesKey key, List<Contribution> matches) {
    int slot = quickHash & (SLOTS - 1);
    if (slots[slot] != null && slots[slot ^ 1] == null) {
      slot ^= 1;
    }
    slots[slot] = new Entry(selectors, quickHash, key, matches);
  }
}
