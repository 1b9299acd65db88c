package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.testing.WriteRequests;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnappyBlockTest {
  private static final long LIMIT = 1 << 20;

  @Test
  void decompress_restoresWhatSnappyJavaCompressed() {
    Random random = new Random(42);
    byte[] text =
        "http_requests_total{job=\"api\",code=\"200\"} "
            .repeat(500)
            .getBytes(StandardCharsets.UTF_8);
    byte[] noise = new byte[70_000];
    random.nextBytes(noise);
    byte[] runs = new byte[100_000]; // long runs exercise overlapping copies
    for (byte[] input : new byte[][] {text, noise, runs, new byte[] {7}, new byte[0]}) {
      byte[] compressed = WriteRequests.snappy(input);
      if (compressed.length == 0) {
        continue;
      }
      assertThat(SnappyBlock.decompress(compressed, LIMIT)).isEqualTo(input);
    }
  }

  @Test
  void decompress_rejectsATruncatedBlock() {
    byte[] compressed =
        WriteRequests.snappy("abcdefgh".repeat(1000).getBytes(StandardCharsets.UTF_8));
    for (int cut : new int[] {1, 2, compressed.length / 2, compressed.length - 1}) {
      byte[] truncated = Arrays.copyOf(compressed, cut);
      assertThatThrownBy(() -> SnappyBlock.decompress(truncated, LIMIT))
          .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(400));
    }
  }

  @Test
  void decompress_rejectsADeclaredLengthOverTheLimit_beforeAllocating() {
    // Declares 2^31 - 1 bytes with 5 bytes of input: a bomb that must not allocate 2 GiB.
    byte[] bomb = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x00};
    assertThatThrownBy(() -> SnappyBlock.decompress(bomb, LIMIT))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(413);
              assertThat(p.extensions()).containsEntry("limit", "maxDecompressedBodyBytes");
              assertThat(p.detail()).contains("maxDecompressedBodyBytes = " + LIMIT);
            });
  }

  @Test
  void decompress_rejectsADeclaredLengthTheInputCannotProduce() {
    // Declares 1 MiB (within the limit) but carries one literal byte.
    byte[] lie = {(byte) 0x80, (byte) 0x80, 0x40, 0x00, 'x'};
    assertThatThrownBy(() -> SnappyBlock.decompress(lie, 10L << 20))
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(400));
  }

  @Test
  void decompress_rejectsABlockShorterThanItsDeclaredLength() {
    // Declares 5 bytes, produces 1.
    byte[] shortBlock = {0x05, 0x00, 'x'};
    assertThatThrownBy(() -> SnappyBlock.decompress(shortBlock, LIMIT))
        .isInstanceOfSatisfying(
            HttpProblem.class, p -> assertThat(p.detail()).contains("declared 5"));
  }

  @Test
  void decompress_rejectsALiteralLongerThanTheDeclaredLength() {
    byte[] overflow = {0x01, 0x04, 'a', 'b'}; // declares 1, literal of 2
    assertThatThrownBy(() -> SnappyBlock.decompress(overflow, LIMIT))
        .isInstanceOfSatisfying(
            HttpProblem.class, p -> assertThat(p.detail()).contains("past the declared length"));
  }

  @Test
  void decompress_rejectsCopyOffsetsOutOfRange() {
    // Literal "ab", then copies reaching before the start of the output or with offset 0.
    byte[] before = {0x0a, 0x04, 'a', 'b', 0x11, 0x05}; // copy-1, len 8, offset 5 > 2
    byte[] zero = {0x0a, 0x04, 'a', 'b', 0x11, 0x00}; // offset 0
    byte[] farTwo = {0x0a, 0x04, 'a', 'b', 0x1e, 0x00, 0x01}; // copy-2, len 8, offset 256
    byte[] farFour = {0x0a, 0x04, 'a', 'b', 0x1f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
    for (byte[] block : new byte[][] {before, zero, farTwo, farFour}) {
      assertThatThrownBy(() -> SnappyBlock.decompress(block, LIMIT))
          .isInstanceOfSatisfying(
              HttpProblem.class,
              p -> {
                assertThat(p.status()).isEqualTo(400);
                assertThat(p.detail()).contains("offset");
              });
    }
  }

  @Test
  void decompress_repeatsOverlappingCopies() {
    // "ab" then a copy of 8 bytes from offset 2: "abababababab"? 2 + 8 = 10 bytes.
    byte[] block = {0x0a, 0x04, 'a', 'b', 0x11, 0x02};
    assertThat(new String(SnappyBlock.decompress(block, LIMIT), StandardCharsets.US_ASCII))
        .isEqualTo("ababababab");
  }

  @Test
  void declaredLength_readsThePreambleOnly() {
    byte[] compressed = WriteRequests.snappy(new byte[300_000]);
    assertThat(SnappyBlock.declaredLength(compressed)).isEqualTo(300_000);
    assertThat(SnappyBlock.declaredLength(new byte[] {(byte) 0x80})).isEqualTo(-1);
    assertThat(SnappyBlock.declaredLength(new byte[0])).isEqualTo(-1);
  }

  @Test
  void decompress_rejectsAnEmptyBodyAndAnEndlessPreamble() {
    assertThatThrownBy(() -> SnappyBlock.decompress(new byte[0], LIMIT))
        .isInstanceOf(HttpProblem.class);
    byte[] endless = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
    assertThatThrownBy(() -> SnappyBlock.decompress(endless, LIMIT))
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(400));
  }
}
