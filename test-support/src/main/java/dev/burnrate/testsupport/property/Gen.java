package dev.burnrate.testsupport.property;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A generator of random values for property tests, drawn from a seeded source so that a failing try
 * can be replayed.
 *
 * <p>Number, string, array and list generators mix in their edge cases (the bounds, zero when it is
 * in range, the shortest and the longest) with probability {@link #EDGE_CASE_PROBABILITY}, so that
 * a few hundred tries reach them even when the range is wide.
 *
 * @param <T> the type of the values
 */
@FunctionalInterface
public interface Gen<T> {

  /** How often a generator with edge cases returns one of them instead of a random value. */
  double EDGE_CASE_PROBABILITY = 0.05;

  /** Returns the next value, drawing only from {@code random}. */
  T next(RandomGenerator random);

  /** Returns a generator of {@code f} applied to this generator's values. */
  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    requireNonNull(f, "f");
    return r -> f.apply(next(r));
  }

  /** Returns a generator that draws a value, then draws from the generator made from it. */
  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
    requireNonNull(f, "f");
    return r -> f.apply(next(r)).next(r);
  }

  /** Returns a generator of this generator's values that pass {@code p}. */
  default Gen<T> filter(Predicate<? super T> p) {
    requireNonNull(p, "p");
    return r -> {
      for (int i = 0; i < 10_000; i++) {
        T v = next(r);
        if (p.test(v)) {
          return v;
        }
      }
      throw new IllegalStateException("the filter rejected 10000 values in a row");
    };
  }

  /** Returns a generator that gives null with probability {@code p}, else this one's values. */
  default Gen<T> injectNull(double p) {
    return r -> r.nextDouble() < p ? null : next(r);
  }

  /** Returns a generator that gives one of {@code edges} with the edge-case probability. */
  @SuppressWarnings("unchecked")
  default Gen<T> withEdgeCases(T... edges) {
    List<T> list = List.of(edges);
    return r -> r.nextDouble() < EDGE_CASE_PROBABILITY ? pick(r, list) : next(r);
  }

  /** Returns a generator of lists of {@code min} to {@code max} of this generator's values. */
  default Gen<List<T>> list(int min, int max) {
    checkRange(min, max);
    return r -> {
      int size = size(r, min, max);
      List<T> out = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        out.add(next(r));
      }
      return out;
    };
  }

  /** Returns a generator of lists of exactly {@code size} of this generator's values. */
  default Gen<List<T>> list(int size) {
    return list(size, size);
  }

  /**
   * Returns a generator of lists of {@code min} to {@code max} distinct values (fewer when this
   * generator cannot give that many distinct ones).
   */
  default Gen<List<T>> uniqueList(int min, int max) {
    checkRange(min, max);
    return r -> {
      int size = size(r, min, max);
      Set<T> seen = new HashSet<>();
      List<T> out = new ArrayList<>(size);
      for (int attempts = 0; out.size() < size && attempts < size * 100; attempts++) {
        T v = next(r);
        if (seen.add(v)) {
          out.add(v);
        }
      }
      return out;
    };
  }

  /** Returns a generator that always gives {@code value}. */
  static <T> Gen<T> just(T value) {
    return r -> value;
  }

  /** Returns a generator of one of {@code values}, each as likely (repeat one to weigh it). */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  static <T> Gen<T> of(T... values) {
    return of(Arrays.asList(values.clone()));
  }

  /** Returns a generator of one of {@code values}, each as likely. */
  static <T> Gen<T> of(List<? extends T> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values to choose from");
    }
    List<? extends T> copy = new ArrayList<>(values);
    return r -> copy.get(r.nextInt(copy.size()));
  }

  /** Returns a generator that draws from one of {@code gens}, each as likely. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Gen<? extends T>> list = List.of(gens);
    return r -> list.get(r.nextInt(list.size())).next(r);
  }

  /** A generator with its weight, for {@link #frequencyOf}. */
  record Weighted<T>(int weight, Gen<? extends T> gen) {
    /** Checks the weight. */
    public Weighted {
      requireNonNull(gen, "gen");
      if (weight < 1) {
        throw new IllegalArgumentException("weight must be at least 1: " + weight);
      }
    }
  }

  /** Returns {@code gen} with {@code weight}, for {@link #frequencyOf}. */
  static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
    return new Weighted<>(weight, gen);
  }

  /** Returns a generator that draws from one of the generators, in proportion to its weight. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  static <T> Gen<T> frequencyOf(Weighted<? extends T>... weighted) {
    List<Weighted<? extends T>> list = List.of(weighted);
    int total = list.stream().mapToInt(Weighted::weight).sum();
    return r -> {
      int x = r.nextInt(total);
      for (Weighted<? extends T> w : list) {
        x -= w.weight();
        if (x < 0) {
          return w.gen().next(r);
        }
      }
      throw new AssertionError("unreachable");
    };
  }

  /** Returns a generator of booleans. */
  static Gen<Boolean> booleans() {
    return RandomGenerator::nextBoolean;
  }

  /** Returns a generator of any int, with 0, ±1 and the bounds as edge cases. */
  static Gen<Integer> ints() {
    return ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** Returns a generator of ints from {@code min} to {@code max}, both included. */
  static Gen<Integer> ints(int min, int max) {
    Gen<Long> longs = longs(min, max);
    return r -> (int) (long) longs.next(r);
  }

  /** Returns a generator of longs from {@code min} to {@code max}, both included. */
  static Gen<Long> longs(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("min " + min + " > max " + max);
    }
    List<Long> edges = new ArrayList<>(List.of(min, max));
    for (long e : new long[] {0, 1, -1}) {
      if (e >= min && e <= max) {
        edges.add(e);
      }
    }
    if (min < max) {
      edges.add(min + 1);
      edges.add(max - 1);
    }
    return r -> {
      if (r.nextDouble() < EDGE_CASE_PROBABILITY) {
        return pick(r, edges);
      }
      if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
        return r.nextLong();
      }
      // Small magnitudes are where arithmetic differs; draw one value in four near zero or a bound.
      if (max - min > 2000 && max - min > 0 && r.nextInt(4) == 0) {
        long base = pick(r, edges);
        long v = base + r.nextLong(-1000, 1001);
        if (v >= min && v <= max) {
          return v;
        }
      }
      return max == Long.MAX_VALUE ? r.nextLong(min - 1, max) + 1 : r.nextLong(min, max + 1);
    };
  }

  /** Returns a generator of any finite double, with 0, -0, ±1 and the extremes as edge cases. */
  static Gen<Double> doubles() {
    List<Double> edges =
        List.of(
            0.0,
            -0.0,
            1.0,
            -1.0,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.MIN_NORMAL,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            0.1,
            1e-300,
            1e300);
    return r -> {
      if (r.nextDouble() < EDGE_CASE_PROBABILITY) {
        return pick(r, edges);
      }
      return switch (r.nextInt(4)) {
        case 0 -> r.nextDouble(-1000, 1000);
        case 1 -> Math.rint(r.nextDouble(-1e6, 1e6));
        case 2 -> r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-20, 21));
        default -> {
          double d;
          do {
            d = Double.longBitsToDouble(r.nextLong());
          } while (!Double.isFinite(d));
          yield d;
        }
      };
    };
  }

  /** Returns a generator of doubles from {@code min} to {@code max}, both included. */
  static Gen<Double> doubles(double min, double max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException("min " + min + " > max " + max);
    }
    List<Double> edges = new ArrayList<>(List.of(min, max));
    if (min <= 0 && max >= 0) {
      edges.add(0.0);
    }
    return r ->
        r.nextDouble() < EDGE_CASE_PROBABILITY || min == max
            ? pick(r, edges)
            : r.nextDouble(min, Math.nextUp(max));
  }

  /** Returns a generator of doubles in a range, rounded to {@code scale} decimal places. */
  static Gen<Double> doubles(double min, double max, int scale) {
    Gen<Double> raw = doubles(min, max);
    return r ->
        new java.math.BigDecimal(raw.next(r))
            .setScale(scale, java.math.RoundingMode.HALF_UP)
            .doubleValue();
  }

  /** Returns a generator of any byte. */
  static Gen<Byte> bytes() {
    return bytes(Byte.MIN_VALUE, Byte.MAX_VALUE);
  }

  /** Returns a generator of bytes from {@code min} to {@code max}, both included. */
  static Gen<Byte> bytes(byte min, byte max) {
    Gen<Long> longs = longs(min, max);
    return r -> (byte) (long) longs.next(r);
  }

  /** Returns a generator of arrays of {@code min} to {@code max} random bytes. */
  static Gen<byte[]> byteArrays(int min, int max) {
    return byteArrays(bytes(), min, max);
  }

  /** Returns a generator of arrays of {@code min} to {@code max} bytes from {@code element}. */
  static Gen<byte[]> byteArrays(Gen<Byte> element, int min, int max) {
    checkRange(min, max);
    return r -> {
      byte[] out = new byte[size(r, min, max)];
      for (int i = 0; i < out.length; i++) {
        out[i] = element.next(r);
      }
      return out;
    };
  }

  /** Returns a generator of the chars of {@code alphabet}. */
  static Gen<Character> chars(String alphabet) {
    if (alphabet.isEmpty()) {
      throw new IllegalArgumentException("empty alphabet");
    }
    return r -> alphabet.charAt(r.nextInt(alphabet.length()));
  }

  /** Returns a generator of any char, surrogates and noncharacters included. */
  static Gen<Character> chars() {
    Gen<Long> longs = longs(Character.MIN_VALUE, Character.MAX_VALUE);
    return r -> (char) (long) longs.next(r);
  }

  /** Returns a generator of strings of {@code min} to {@code max} chars of {@code alphabet}. */
  static Gen<String> strings(String alphabet, int min, int max) {
    return strings(chars(alphabet), min, max);
  }

  /** Returns a generator of strings of {@code min} to {@code max} chars from {@code chars}. */
  static Gen<String> strings(Gen<Character> chars, int min, int max) {
    checkRange(min, max);
    return r -> {
      int size = size(r, min, max);
      StringBuilder sb = new StringBuilder(size);
      for (int i = 0; i < size; i++) {
        sb.append(chars.next(r));
      }
      return sb.toString();
    };
  }

  /** Returns a generator of strings of {@code min} to {@code max} decimal digits. */
  static Gen<String> numericStrings(int min, int max) {
    return strings("0123456789", min, max);
  }

  /**
   * Returns a generator of strings of {@code min} to {@code max} chars: mostly ASCII, also letters
   * from other scripts, supplementary characters (two chars) and lone surrogates.
   */
  static Gen<String> unicodeStrings(int min, int max) {
    Gen<Character> any = chars();
    Gen<Character> ascii = r -> (char) r.nextInt(0, 0x80);
    Gen<Character> bmp = r -> (char) r.nextInt(0x80, 0xd800);
    Gen<Character> c =
        frequencyOf(weight(4, ascii), weight(3, bmp), weight(1, any), weight(1, r -> '\ud83d'));
    return r -> {
      String s = strings(c, min, max).next(r);
      // Pair a high surrogate with a low one most of the time, so whole emoji are common too.
      StringBuilder sb = new StringBuilder(s);
      for (int i = 0; i < sb.length() - 1; i++) {
        if (sb.charAt(i) == '\ud83d' && r.nextInt(4) != 0) {
          sb.setCharAt(i + 1, (char) r.nextInt(0xde00, 0xde50));
        }
      }
      return sb.toString();
    };
  }

  private static int size(RandomGenerator r, int min, int max) {
    if (r.nextDouble() < EDGE_CASE_PROBABILITY) {
      return r.nextBoolean() ? min : max;
    }
    // Short sizes more often than long ones, as most bugs show on small inputs.
    if (max - min > 8 && r.nextInt(3) == 0) {
      return r.nextInt(min, Math.min(max, min + 8) + 1);
    }
    return r.nextInt(min, max + 1);
  }

  private static void checkRange(int min, int max) {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException("sizes must be 0 <= min <= max: " + min + ", " + max);
    }
  }

  private static <T> T pick(RandomGenerator r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }
}
