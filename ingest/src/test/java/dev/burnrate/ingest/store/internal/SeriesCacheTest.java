package dev.burnrate.ingest.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesCacheTest {
  private static SeriesRows rows(long... hashesAndTimes) {
    int n = hashesAndTimes.length / 2;
    long[] h = new long[n];
    long[] c = new long[n];
    long[] ts = new long[n];
    double[] v = new double[n];
    long[] e = new long[n];
    for (int i = 0; i < n; i++) {
      h[i] = hashesAndTimes[2 * i];
      c[i] = ~h[i];
      ts[i] = hashesAndTimes[2 * i + 1];
      v[i] = ts[i] / 10.0;
      e[i] = SeriesRows.LOCKED;
    }
    return new SeriesRows(h, c, new String[n], ts, v, e);
  }

  @Test
  void knownSeries_areAddedAsCachedRows_andTheOthersAreLeftToRead() {
    SeriesCache cache = new SeriesCache(10);
    cache.putAll(rows(1, 100, 2, 200));
    StoredSeries stored = new StoredSeries(3);

    long[] missing = cache.addKnown(new long[] {1, 2, 3}, stored);

    assertThat(missing).containsExactly(3);
    assertThat(stored.size()).isEqualTo(2);
    int one = stored.find(1);
    assertThat(stored.cached(one)).isTrue();
    assertThat(stored.lastTsMs(one)).isEqualTo(100);
    assertThat(stored.lastValue(one)).isEqualTo(10.0);
    assertThat(stored.check(one)).isEqualTo(~1L);
  }

  @Test
  void aLaterPut_replacesTheState() {
    SeriesCache cache = new SeriesCache(10);
    cache.putAll(rows(7, 100));
    cache.putAll(rows(7, 300));
    StoredSeries stored = new StoredSeries(1);

    cache.addKnown(new long[] {7}, stored);

    assertThat(cache.size()).isEqualTo(1);
    assertThat(stored.lastTsMs(stored.find(7))).isEqualTo(300);
  }

  @Test
  void aFullCache_startsOver_andClearForgetsEverything() {
    SeriesCache cache = new SeriesCache(2);
    cache.putAll(rows(1, 1, 2, 2));
    cache.putAll(rows(3, 3));

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.addKnown(new long[] {1, 2, 3}, new StoredSeries(3))).containsExactly(1, 2);

    cache.clear();
    assertThat(cache.size()).isZero();
    assertThat(cache.addKnown(new long[] {3}, new StoredSeries(1))).containsExactly(3);
  }

  @Test
  void aCacheOfSizeZero_holdsNothing() {
    SeriesCache cache = new SeriesCache(0);
    cache.putAll(rows(1, 1));

    assertThat(cache.addKnown(new long[] {1}, new StoredSeries(1))).containsExactly(1);
    assertThatThrownBy(() -> new SeriesCache(-1)).hasMessageContaining("capacity");
  }

  @Test
  void manyPutsAndClears_agreeWithAMap() {
    Random random = new Random(42);
    SeriesCache cache = new SeriesCache(1000);
    Map<Long, Long> reference = new HashMap<>();
    for (int round = 0; round < 20_000; round++) {
      long h = random.nextInt(1500) * 0x9e3779b97f4a7c15L;
      long ts = random.nextInt(1_000_000);
      if (reference.size() >= 1000 && !reference.containsKey(h)) {
        reference.clear();
      }
      cache.put(h, ~h, ts, 0);
      reference.put(h, ts);
      if (random.nextInt(5000) == 0) {
        cache.clear();
        reference.clear();
      }
    }
    assertThat(cache.size()).isEqualTo(reference.size());
    for (Map.Entry<Long, Long> e : reference.entrySet()) {
      StoredSeries stored = new StoredSeries(1);
      assertThat(cache.addKnown(new long[] {e.getKey()}, stored)).isEmpty();
      assertThat(stored.lastTsMs(0)).isEqualTo(e.getValue());
    }
  }
}
