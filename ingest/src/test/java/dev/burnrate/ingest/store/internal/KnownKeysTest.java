package dev.burnrate.ingest.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.pipeline.SeriesKey;
import org.junit.jupiter.api.Test;

class KnownKeysTest {
  @Test
  void aKeyFoundOnce_isKnownByItsMark_untilTheSetIsCleared_andOnlyToThatSet() {
    KnownKeys set = new KnownKeys(100);
    KnownKeys other = new KnownKeys(100);
    SeriesKey key = SeriesKey.of("m{a=\"1\"}");
    assertThat(set.contains(key, key.hash())).isFalse();
    assertThat(key.knownIn()).isZero();

    set.addAll(new long[] {key.hash()});
    assertThat(set.contains(key, key.hash())).isTrue();
    int mark = key.knownIn();
    assertThat(mark).isNotZero();
    // Marked: known without the hash being asked for (a wrong hash would miss in the table).
    assertThat(set.contains(key, key.hash() ^ 1)).isTrue();
    // Another set does not take the mark for its own.
    assertThat(other.contains(key, key.hash())).isFalse();

    set.clear();
    assertThat(set.contains(key, key.hash())).isFalse();
    set.addAll(new long[] {key.hash()});
    assertThat(set.contains(key, key.hash())).isTrue();
    assertThat(key.knownIn()).isNotEqualTo(mark);
  }

  @Test
  void aSetThatRemembersNone_neverMarks() {
    KnownKeys none = new KnownKeys(0);
    SeriesKey key = SeriesKey.of("m{}");
    none.addAll(new long[] {key.hash()});
    assertThat(none.contains(key, key.hash())).isFalse();
    assertThat(key.knownIn()).isZero();
  }

  @Test
  void aSetThatRefillsWhenFull_forgetsItsMarks() {
    KnownKeys set = new KnownKeys(2);
    SeriesKey key = SeriesKey.of("m{a=\"1\"}");
    set.addAll(new long[] {key.hash()});
    assertThat(set.contains(key, key.hash())).isTrue();
    // Two more: the set empties when full and refills, without the first key.
    set.addAll(new long[] {SeriesKey.of("m{a=\"2\"}").hash(), SeriesKey.of("m{a=\"3\"}").hash()});
    assertThat(set.contains(key, key.hash())).isFalse();
  }
}
