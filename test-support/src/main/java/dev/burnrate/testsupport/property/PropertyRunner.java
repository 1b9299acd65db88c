package dev.burnrate.testsupport.property;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Runs a property: a number of tries, each with values drawn from its own seed, and on failure an
 * {@link AssertionError} that names the seed and the values.
 *
 * <p>The seeds of a run come from a base seed, random unless {@code -Dburnrate.baseSeed=N} fixes
 * it. {@code -Dburnrate.seed=N} replays the one try whose seed a failure printed (run it with
 * {@code -Dtest='Class#method'}).
 */
public final class PropertyRunner {
  /** The system property that replays one try. */
  public static final String SEED_PROPERTY = "burnrate.seed";

  /** The system property that fixes the base seed of a whole run. */
  public static final String BASE_SEED_PROPERTY = "burnrate.baseSeed";

  private PropertyRunner() {}

  /** A property of one value. */
  @FunctionalInterface
  public interface Property1<A> {
    /** Checks the property, throwing when it does not hold. */
    void check(A a) throws Exception;
  }

  /** A property of two values. */
  @FunctionalInterface
  public interface Property2<A, B> {
    /** Checks the property, throwing when it does not hold. */
    void check(A a, B b) throws Exception;
  }

  /** A property of three values. */
  @FunctionalInterface
  public interface Property3<A, B, C> {
    /** Checks the property, throwing when it does not hold. */
    void check(A a, B b, C c) throws Exception;
  }

  /** A property of four values. */
  @FunctionalInterface
  public interface Property4<A, B, C, D> {
    /** Checks the property, throwing when it does not hold. */
    void check(A a, B b, C c, D d) throws Exception;
  }

  /** Checks {@code property} on {@code tries} values of {@code a}. */
  public static <A> void forAll(int tries, Gen<A> a, Property1<? super A> property) {
    requireNonNull(a, "a");
    requireNonNull(property, "property");
    run(
        tries,
        r -> {
          A va = a.next(r);
          return new Try(List.of(render(va)), () -> property.check(va));
        });
  }

  /** Checks {@code property} on {@code tries} pairs of values of {@code a} and {@code b}. */
  @SuppressWarnings("unchecked")
  public static <A, B> void forAll(
      int tries, Gen<A> a, Gen<B> b, Property2<? super A, ? super B> property) {
    requireNonNull(property, "property");
    forValues(tries, List.of(a, b), v -> property.check((A) v[0], (B) v[1]));
  }

  /** Checks {@code property} on {@code tries} triples of values of the generators. */
  @SuppressWarnings("unchecked")
  public static <A, B, C> void forAll(
      int tries,
      Gen<A> a,
      Gen<B> b,
      Gen<C> c,
      Property3<? super A, ? super B, ? super C> property) {
    requireNonNull(property, "property");
    forValues(tries, List.of(a, b, c), v -> property.check((A) v[0], (B) v[1], (C) v[2]));
  }

  /** Checks {@code property} on {@code tries} quadruples of values of the generators. */
  @SuppressWarnings("unchecked")
  public static <A, B, C, D> void forAll(
      int tries,
      Gen<A> a,
      Gen<B> b,
      Gen<C> c,
      Gen<D> d,
      Property4<? super A, ? super B, ? super C, ? super D> property) {
    requireNonNull(property, "property");
    forValues(
        tries, List.of(a, b, c, d), v -> property.check((A) v[0], (B) v[1], (C) v[2], (D) v[3]));
  }

  private interface ValuesProperty {
    void check(Object[] values) throws Exception;
  }

  /** Draws one value of each generator, in order, per try, and checks the property on them. */
  private static void forValues(int tries, List<Gen<?>> gens, ValuesProperty property) {
    run(
        tries,
        r -> {
          Object[] values = new Object[gens.size()];
          List<String> rendered = new ArrayList<>(values.length);
          for (int i = 0; i < values.length; i++) {
            values[i] = gens.get(i).next(r);
            rendered.add(render(values[i]));
          }
          return new Try(List.copyOf(rendered), () -> property.check(values));
        });
  }

  private interface Body {
    void run() throws Exception;
  }

  private record Try(List<String> values, Body body) {}

  private interface Draw {
    Try draw(RandomGenerator random);
  }

  private static void run(int tries, Draw draw) {
    if (tries < 1) {
      throw new IllegalArgumentException("tries must be at least 1: " + tries);
    }
    String caller =
        StackWalker.getInstance()
            .walk(
                s ->
                    s.filter(f -> !f.getClassName().equals(PropertyRunner.class.getName()))
                        .findFirst()
                        .map(f -> simpleName(f.getClassName()) + "#" + f.getMethodName())
                        .orElse("?"));
    String replay = System.getProperty(SEED_PROPERTY);
    if (replay != null) {
      runOne(caller, Long.decode(replay.trim()), 0, 1, draw);
      return;
    }
    String base = System.getProperty(BASE_SEED_PROPERTY);
    SplittableRandom seeds =
        base != null ? new SplittableRandom(Long.decode(base.trim())) : new SplittableRandom();
    for (int i = 0; i < tries; i++) {
      runOne(caller, seeds.nextLong(), i, tries, draw);
    }
  }

  private static void runOne(String caller, long seed, int index, int tries, Draw draw) {
    Try t;
    try {
      t = draw.draw(new SplittableRandom(seed));
    } catch (RuntimeException e) {
      throw new AssertionError(header(caller, seed, index, tries) + "\n  generating failed", e);
    }
    try {
      t.body().run();
    } catch (Exception | AssertionError e) {
      StringBuilder sb = new StringBuilder(header(caller, seed, index, tries));
      for (int i = 0; i < t.values().size(); i++) {
        sb.append("\n  value ").append(i + 1).append(": ").append(t.values().get(i));
      }
      sb.append("\n  cause: ").append(e);
      throw new AssertionError(sb.toString(), e);
    }
  }

  private static String header(String caller, long seed, int index, int tries) {
    return "property "
        + caller
        + " failed on try "
        + (index + 1)
        + " of "
        + tries
        + " with seed "
        + seed
        + "; replay it with -D"
        + SEED_PROPERTY
        + "="
        + seed
        + " -Dtest='"
        + caller
        + "'";
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static String render(Object v) {
    String s =
        switch (v) {
          case null -> "null";
          case byte[] b -> "byte[" + b.length + "] " + Arrays.toString(b);
          case int[] a -> Arrays.toString(a);
          case long[] a -> Arrays.toString(a);
          case double[] a -> Arrays.toString(a);
          case Object[] a -> Arrays.deepToString(a);
          case List<?> l -> renderList(l);
          case String str -> '"' + str + '"';
          default -> String.valueOf(v);
        };
    return s.length() > 2000 ? s.substring(0, 2000) + "... (" + s.length() + " chars)" : s;
  }

  private static String renderList(List<?> list) {
    List<String> parts = new ArrayList<>(list.size());
    for (Object o : list) {
      parts.add(render(o));
    }
    return parts.toString();
  }
}
