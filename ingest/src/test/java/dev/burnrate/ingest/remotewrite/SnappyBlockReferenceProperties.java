package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.testing.WriteRequests;
import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link SnappyBlock} against {@link ReferenceSnappyBlock}, the byte-by-byte decoder it replaced:
 * on blocks snappy-java makes of periodic and random data, on hand-made blocks with copies of every
 * short offset and length (self-overlapping, and ending exactly at the declared length, where an
 * 8-byte move has no room), and on mutated blocks, both give the same bytes or the same problem.
 */
class SnappyBlockReferenceProperties {
  private static final long LIMIT = 1 << 20;

  @Test
  void decompress_agreesWithTheReference_onWhatSnappyJavaMakes() {
    PropertyRunner.forAll(
        1000,
        inputs(),
        input -> {
          if (input.length == 0) {
            return;
          }
          byte[] block = WriteRequests.snappy(input);
          assertThat(SnappyBlock.decompress(block, LIMIT)).isEqualTo(input);
          assertSame(block);
        });
  }

  @Test
  void decompress_agreesWithTheReference_onHandMadeBlocks() {
    PropertyRunner.forAll(2000, handMade(), SnappyBlockReferenceProperties::assertSame);
  }

  @Test
  void decompress_agreesWithTheReference_onMutatedBlocks() {
    PropertyRunner.forAll(2000, mutated(), SnappyBlockReferenceProperties::assertSame);
  }

  @Test
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
  private static Gen<byte[]> inputs() {
    Gen<byte[]> periods = Gen.byteArrays(1, 20);
    Gen<Integer> repeatCounts = Gen.ints(1, 400);
    Gen<byte[]> periodic =
        r -> {
          byte[] period = periods.next(r);
          int repeats = repeatCounts.next(r);
          byte[] b = new byte[period.length * repeats];
          for (int i = 0; i < b.length; i++) {
            b[i] = period[i % period.length];
          }
          return b;
        };
    Gen<byte[]> text =
        Gen.strings("abc_{}=\",0123 job", 0, 3000)
            .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Gen<byte[]> noise = Gen.byteArrays(0, 3000);
    return Gen.oneOf(periodic, text, noise)
        .list(1, 4)
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
  private static Gen<byte[]> handMade() {
    Gen<Integer> kinds = Gen.ints(0, 3);
    Gen<Integer> lengths = Gen.ints(1, 70);
    Gen<Integer> offsets =
        Gen.frequencyOf(Gen.weight(4, Gen.ints(1, 20)), Gen.weight(1, Gen.ints(1, 3000)));
    Gen<int[]> element = r -> new int[] {kinds.next(r), lengths.next(r), offsets.next(r)};
    Gen<List<int[]>> elementLists = element.list(1, 12);
    Gen<Integer> slacks = Gen.ints(-3, 3);
    return r -> handMadeBlock(elementLists.next(r), slacks.next(r));
  }

  private static byte[] handMadeBlock(List<int[]> elements, int slack) {
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
  }

  private static Gen<byte[]> mutated() {
    Gen<byte[]> blocks = inputs().filter(b -> b.length > 0).map(WriteRequests::snappy);
    Gen<List<Integer>> positionLists = Gen.ints(0, Integer.MAX_VALUE).list(1, 3);
    Gen<List<Byte>> valueLists = Gen.bytes().list(3);
    Gen<Integer> kinds = Gen.ints(0, 2);
    return r -> mutate(blocks.next(r), positionLists.next(r), valueLists.next(r), kinds.next(r));
  }

  private static byte[] mutate(byte[] block, List<Integer> positions, List<Byte> values, int kind) {
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
