package dev.burnrate.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bucket ring against a brute-force model, and its two ways of keeping buckets (whole numbers
 * until a value is not one) giving the same values.
 */
class BucketRingTest {
  private static final int SIZE = 48;
  private static final int[] LENGTHS = {1, 5, 12, 48};
  private static final int[] OFFSETS = {0, 2, 4, 6};

  private static BucketRing ring(double[] sums) {
    BucketRing ring = new BucketRing(SIZE, LENGTHS, OFFSETS, sums);
    ring.allocate();
    return ring;
  }

  /** Buckets by absolute index, and the sums every window would have, summed from scratch. */
  private static final class Model {
    final Map<Long, double[]> buckets = new HashMap<>();
    long head = BucketRing.NONE;

    void advanceTo(long bucket) {
      if (head == BucketRing.NONE || bucket > head) {
        head = bucket;
      }
      buckets.keySet().removeIf(b -> b <= head - SIZE);
    }

    boolean add(long bucket, double dx, double dy) {
      if (head == BucketRing.NONE || bucket > head || bucket <= head - SIZE) {
        return false;
      }
      double[] c = buckets.computeIfAbsent(bucket, b -> new double[2]);
      c[0] += dx;
      c[1] += dy;
      return true;
    }

    double window(int length, int which) {
      double sum = 0;
      for (long b = head - length + 1; b <= head; b++) {
        double[] c = buckets.get(b);
        sum += c == null ? 0 : c[which];
      }
      return sum;
    }
  }

  /** A ring, its window sums and the model, moved forward together. */
  private static final class Checked {
    final double[] sums = new double[8];
    final BucketRing ring = ring(sums);
    final Model model = new Model();

    Checked(long now) {
      advanceTo(now);
    }

    void advanceTo(long now) {
      ring.advanceTo(now);
      model.advanceTo(now);
    }
  }

  @Test
  void wholeCounts_matchTheModelExactly_andStayWhole() {
    for (long seed = 1; seed <= 20; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      long now = 1_000_000;
      Checked c = new Checked(now);
      for (int op = 0; op < 2_000; op++) {
        if (random.nextInt(4) == 0) {
          // Mostly short steps, sometimes past the whole c.ring.
          now += random.nextInt(10) == 0 ? random.nextInt(SIZE * 2) : random.nextInt(3);
          c.advanceTo(now);
        } else {
          long bucket = now - random.nextInt(SIZE + 4);
          double total = random.nextInt(1_000_000);
          double good = total - random.nextInt((int) total + 1);
          assertThat(c.ring.add(bucket, good, total)).isEqualTo(c.model.add(bucket, good, total));
        }
        for (int w = 0; w < LENGTHS.length; w++) {
          assertThat(c.sums[OFFSETS[w]]).isEqualTo(c.model.window(LENGTHS[w], 0));
          assertThat(c.sums[OFFSETS[w] + 1]).isEqualTo(c.model.window(LENGTHS[w], 1));
        }
        long probe = now - random.nextInt(SIZE + 2);
        double[] expected = c.model.buckets.getOrDefault(probe, new double[2]);
        assertThat(c.ring.x(probe)).isEqualTo(expected[0]);
        assertThat(c.ring.y(probe)).isEqualTo(expected[1]);
      }
      assertThat(c.ring.whole()).as("seed %d", seed).isTrue();
    }
  }

  @Test
  void aFractionalOrHugeValue_movesTheRingToDoubles_withoutChangingAnyValue() {
    for (double odd : new double[] {0.25, 3e9, -3e9, 1e15 + 0.5}) {
      SplittableRandom random = new SplittableRandom(7);
      double[] wholeSums = new double[8];
      double[] mixedSums = new double[8];
      BucketRing whole = ring(wholeSums);
      BucketRing mixed = ring(mixedSums);
      long now = 500;
      whole.advanceTo(now);
      mixed.advanceTo(now);
      for (int op = 0; op < 600; op++) {
        if (op == 300) {
          // Into the oldest bucket and out again: the bucket ends where it was, but the ring
          // holding it has had to keep a value an int cannot.
          long oldest = now - SIZE + 1;
          mixed.add(oldest, odd, odd);
          mixed.add(oldest, -odd, -odd);
          assertThat(mixed.whole()).as("after %s", odd).isFalse();
        }
        if (random.nextInt(5) == 0) {
          now += random.nextInt(4);
          whole.advanceTo(now);
          mixed.advanceTo(now);
        } else {
          long bucket = now - random.nextInt(SIZE);
          double total = random.nextInt(10_000);
          whole.add(bucket, Math.floor(total / 2), total);
          mixed.add(bucket, Math.floor(total / 2), total);
        }
        for (long b = now - SIZE + 1; b <= now; b++) {
          assertThat(mixed.x(b)).isEqualTo(whole.x(b));
          assertThat(mixed.y(b)).isEqualTo(whole.y(b));
        }
      }
      assertThat(whole.whole()).isTrue();
      // Window sums took the odd value in and out, so they match to rounding, not bit for bit.
      for (int i = 0; i < 8; i++) {
        assertThat(Math.abs(mixedSums[i] - wholeSums[i]))
            .isLessThanOrEqualTo(Math.ulp(odd) * 4 + 1e-9 * Math.abs(wholeSums[i]));
      }
    }
  }

  @Test
  void fractionalCounts_matchTheModel_toRounding() {
    SplittableRandom random = new SplittableRandom(11);
    long now = 0;
    Checked c = new Checked(now);
    for (int op = 0; op < 3_000; op++) {
      if (random.nextInt(4) == 0) {
        now += random.nextInt(3);
        c.advanceTo(now);
      } else {
        long bucket = now - random.nextInt(SIZE);
        double y = random.nextDouble();
        c.ring.add(bucket, y * random.nextDouble(), y);
        c.model.add(bucket, 0, 0);
        double[] counts = c.model.buckets.get(bucket);
        counts[0] = c.ring.x(bucket);
        counts[1] = c.ring.y(bucket);
      }
      for (int w = 0; w < LENGTHS.length; w++) {
        assertThat(c.sums[OFFSETS[w] + 1]).isCloseTo(c.model.window(LENGTHS[w], 1), within(1e-9));
      }
    }
    assertThat(c.ring.whole()).isFalse();
  }

  @Test
  void windowsLongerThanTheRing_areRefused() {
    assertThatThrownBy(() -> new BucketRing(4, new int[] {5}, new int[] {0}, new double[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window of 5 buckets in a ring of 4");
  }
}
