package dev.burnrate.testsupport.property;

import java.util.Arrays;

/** Generators of a valid input broken in small ways: bytes overwritten, or the end cut off. */
public final class Mutations {
  private Mutations() {}

  /**
   * Returns copies of {@code valid} with {@code minEdits} to {@code maxEdits} bytes at positions
   * {@code from} or later overwritten by random bytes.
   */
  public static Gen<byte[]> overwritten(byte[] valid, int from, int minEdits, int maxEdits) {
    byte[] original = valid.clone();
    if (from >= original.length) {
      throw new IllegalArgumentException("no position at or after " + from + " to overwrite");
    }
    return Gen.ints(from, original.length - 1)
        .list(minEdits, maxEdits)
        .flatMap(
            positions ->
                Gen.bytes()
                    .list(positions.size())
                    .map(
                        values -> {
                          byte[] copy = original.clone();
                          for (int i = 0; i < positions.size(); i++) {
                            copy[positions.get(i)] = values.get(i);
                          }
                          return copy;
                        }));
  }

  /** Returns {@code valid} cut to a random length from 0 to its whole length. */
  public static Gen<byte[]> truncated(byte[] valid) {
    byte[] original = valid.clone();
    return Gen.ints(0, original.length).map(n -> Arrays.copyOf(original, n));
  }
}
