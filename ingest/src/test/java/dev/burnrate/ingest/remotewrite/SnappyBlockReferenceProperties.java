package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.testing.WriteRequests;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link SnappyBlock} against {@link ReferenceSnappyBlock}, the byte-by-byte decoder it replaced:
 * on blocks snappy-java makes of periodic and random data, on hand-made blocks with copies of every
 * short offset and length (self-overlapping, and ending exactly at the declared length, where an
 * 8-byte move has no room), and on mutated blocks, both give the same bytes or the same problem.
 */
class SnappyBlockReferenceProperties {
  private static final long LIMIT = 1 << 20;

  @Property(tries = 1000)
  void decompress_agreesWithTheReference_onWhatSnappyJavaMakes(@ForAll("inputs") byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] block = WriteRequests.snappy(input);
    assertThat(SnappyBlock.decompress(block, LIMIT)).isEqualTo(input);
    assertSame(block);
  }

  @Property(tries = 2000)
  void decompress_agreesWithTheReference_onHandMadeBlocks(@ForAll("handMade") byte[] block) {
    assertSame(block);
  }

  @Property(tries = 2000)
  void decompress_agreesWithTheReference_onMutatedBlocks(@ForAll("mutated") byte[] block) {
    assertSame(block);
  }

  @Example
  void decompress_agreesWithTheReference_onEveryShortCopyAtTheEndOfTheOutput() {
    for (int literal = 1; literal <= 40; literal++) {
      for (int offset = 1; offset <= literal; offset++) {
        for (int length = 1; length <= 64; length++) {
          ByteArrayOutputStream elements = new ByteArrayOutputStream();
          literal(elements, literal);
          copy2(elements, offset, length);
          // Declared exactly, one short and one long: the copy ends at, before or past the end.
          for (int slack = -1; slack <= 1; slack++) {
            assertSame(block(literal + length + slack, elements.toByteArray()));
          }
        }
      }
    }
  }

  private static void assertSame(byte[] block) {
    assertThat(outcome(() -> SnappyBlock.decompress(block, LIMIT)))
        .as("%s", Arrays.toString(block))
        .isEqualTo(outcome(() -> ReferenceSnappyBlock.decompress(block, LIMIT)));
    // The same block inside a larger array, as the (in, off, len) form reads it.
    byte[] padded = new byte[block.length + 20];
    Arrays.fill(padded, (byte) 0x55);
    System.arraycopy(block, 0, padded, 7, block.length);
    assertThat(outcome(() -> SnappyBlock.decompress(padded, 7, block.length, LIMIT)))
        .isEqualTo(outcome(() -> ReferenceSnappyBlock.decompress(padded, 7, block.length, LIMIT)));
  }

  private static String outcome(Supplier<byte[]> decompress) {
    try {
      return Arrays.toString(decompress.get());
    } catch (HttpProblem p) {
      return "problem " + p.status() + " " + p.detail() + " " + new TreeMap<>(p.extensions());
    }
  }

  /** Data with short periods (so snappy-java copies overlap themselves), text and noise. */
  @Provide
  Arbitrary<byte[]> inputs() {
    Arbitrary<byte[]> periodic =
        Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(20),
                Arbitraries.integers().between(1, 400))
            .as(
                (period, repeats) -> {
                  byte[] b = new byte[period.length * repeats];
                  for (int i = 0; i < b.length; i++) {
                    b[i] = period[i % period.length];
                  }
                  return b;
                });
    Arbitrary<byte[]> text =
        Arbitraries.strings()
            .withChars("abc_{}=\",0123 job")
            .ofMaxLength(3000)
            .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
    return Arbitraries.oneOf(periodic, text, noise)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(
            parts -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              parts.forEach(out::writeBytes);
              return out.toByteArray();
            });
  }

  /**
   * Blocks of literal and copy elements of every kind with random lengths and short offsets, and a
   * declared length that is right or a little off.
   */
  @Provide
  Arbitrary<byte[]> handMade() {
    Arbitrary<int[]> element =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(1, 70),
                Arbitraries.frequencyOf(
                    Tuple.of(4, Arbitraries.integers().between(1, 20)),
                    Tuple.of(1, Arbitraries.integers().between(1, 3000))))
            .as((kind, length, offset) -> new int[] {kind, length, offset});
    return Combinators.combine(
            element.list().ofMinSize(1).ofMaxSize(12), Arbitraries.integers().between(-3, 3))
        .as(
            (elements, slack) -> {
              ByteArrayOutputStream body = new ByteArrayOutputStream();
              int produced = 0;
              for (int[] e : elements) {
                int length = e[1];
                switch (e[0]) {
                  case 0 -> literal(body, length);
                  case 1 -> {
                    length = 4 + length % 8;
                    body.write(1 | ((length - 4) << 2) | ((e[2] >>> 8) & 7) << 5);
                    body.write(e[2] & 0xff);
                  }
                  case 2 -> copy2(body, e[2], Math.min(length, 64));
                  default -> {
                    length = Math.min(length, 64);
                    body.write(3 | (length - 1) << 2);
                    for (int i = 0; i < 4; i++) {
                      body.write(e[2] >>> (8 * i));
                    }
                  }
                }
                produced += e[0] == 2 || e[0] == 3 ? Math.min(e[1], 64) : length;
              }
              return block(Math.max(0, produced + slack), body.toByteArray());
            });
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    return Combinators.combine(
            inputs().filter(b -> b.length > 0).map(WriteRequests::snappy),
            Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.bytes().list().ofSize(3),
            Arbitraries.integers().between(0, 2))
        .as(
            (block, positions, values, kind) -> {
              byte[] b = block.clone();
              switch (kind) {
                case 0 -> {
                  return Arrays.copyOf(b, positions.get(0) % b.length);
                }
                case 1 -> {
                  int at = positions.get(0) % b.length;
                  b[at] = (byte) (b[at] + (values.get(0) < 0 ? -1 : 1));
                  return b;
                }
                default -> {
                  for (int i = 0; i < positions.size(); i++) {
                    b[positions.get(i) % b.length] = values.get(i);
                  }
                  return b;
                }
              }
            });
  }

  /** A literal of {@code length} distinct-looking bytes. */
  private static void literal(ByteArrayOutputStream out, int length) {
    if (length <= 60) {
      out.write((length - 1) << 2);
    } else {
      out.write(60 << 2);
      out.write(length - 1);
    }
    for (int i = 0; i < length; i++) {
      out.write(i * 37 + 11);
    }
  }

  private static void copy2(ByteArrayOutputStream out, int offset, int length) {
    out.write(2 | (length - 1) << 2);
    out.write(offset & 0xff);
    out.write(offset >>> 8);
  }

  private static byte[] block(int declared, byte[] elements) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int v = declared;
    while ((v & ~0x7f) != 0) {
      out.write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write(v);
    out.writeBytes(elements);
    return out.toByteArray();
  }
}
