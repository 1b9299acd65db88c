package dev.burnrate.ingest.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesHashTest {
  @Test
  void both_givesTheSameHashesAsOfAndCheck() {
    Random r = new Random(7);
    long[] h = new long[1];
    long[] c = new long[1];
    for (int n = 0; n < 2_000; n++) {
      StringBuilder key = new StringBuilder();
      for (int k = r.nextInt(200); k > 0; k--) {
        key.append((char) (r.nextBoolean() ? 32 + r.nextInt(95) : r.nextInt(0x3000)));
      }
      SeriesHash.both(key.toString(), h, c, 0);
      assertThat(h[0]).isEqualTo(SeriesHash.of(key.toString()));
      assertThat(c[0]).isEqualTo(SeriesHash.check(key.toString()));
    }
  }
}
