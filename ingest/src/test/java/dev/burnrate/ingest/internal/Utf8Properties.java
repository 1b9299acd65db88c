package dev.burnrate.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8} against the JDK: {@code isValid} accepts exactly what a reporting UTF-8 decoder
 * accepts, {@code isAscii} exactly the ranges without a byte of 0x80 or more, at every offset and
 * length (the 8-byte reads must neither miss a byte nor see one outside the range).
 */
class Utf8Properties {
  /** Bytes where UTF-8's rules change: ASCII, continuation bounds and every special lead byte. */
  private static final int[] EDGES = {
    0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec,
    0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf8, 0xfe, 0xff
  };

  private static boolean jdkAccepts(byte[] b, int off, int len) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off, len));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean plainAscii(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  void isValid_agreesWithTheJdkDecoder() {
    agreeOnRandomRanges(Utf8::isValid, Utf8Properties::jdkAccepts);
  }

  @Test
  void isValid_acceptsEveryEncodedString() {
    PropertyRunner.forAll(
        2000,
        Gen.unicodeStrings(0, 255),
        Gen.ints(0, 9),
        (s, pad) -> {
          // The strings include lone surrogates, which the JDK encodes as '?': valid either way.
          byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
          byte[] b = new byte[pad + utf8.length + pad];
          System.arraycopy(utf8, 0, b, pad, utf8.length);
          assertThat(Utf8.isValid(b, pad, utf8.length)).isTrue();
        });
  }

  @Test
  void isAscii_agreesWithAByteByByteCheck() {
    agreeOnRandomRanges(Utf8::isAscii, Utf8Properties::plainAscii);
  }

  @Test
  void isAscii_seesAHighByteAtEveryPosition_andNoneOutsideTheRange() {
    for (int size = 0; size <= 40; size++) {
      for (int high = 0; high < size; high++) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'a');
        b[high] = (byte) 0x80;
        for (int off = 0; off <= size; off++) {
          for (int end = off; end <= size; end++) {
            boolean inside = high >= off && high < end;
            assertThat(Utf8.isAscii(b, off, end - off))
                .as("size %d, high byte at %d, range [%d, %d)", size, high, off, end)
                .isEqualTo(!inside);
          }
        }
      }
    }
  }

  @Test
  void isValid_findsAnInvalidSequenceAtEveryPosition_andAcceptsValidOnesThere() {
    byte[][] invalid = {
      {(byte) 0x80}, // a continuation byte alone
      {(byte) 0xc0, (byte) 0x80}, // overlong NUL
      {(byte) 0xc1, (byte) 0xbf}, // overlong 2-byte form
      {(byte) 0xe0, (byte) 0x80, (byte) 0x80}, // overlong 3-byte form
      {(byte) 0xe0, (byte) 0x9f, (byte) 0xbf}, // overlong U+07FF
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // U+D800, a surrogate
      {(byte) 0xed, (byte) 0xbf, (byte) 0xbf}, // U+DFFF, a surrogate
      {(byte) 0xf0, (byte) 0x8f, (byte) 0xbf, (byte) 0xbf}, // overlong U+FFFF
      {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // U+110000
      {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // no such lead byte
      {(byte) 0xff},
      {(byte) 0xe2, (byte) 0x82}, // truncated euro sign
      {(byte) 0xc3, (byte) 0x28}, // a lead byte without its continuation
      {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}, // truncated 4-byte form
    };
    byte[][] valid = {
      "ü".getBytes(StandardCharsets.UTF_8),
      "€".getBytes(StandardCharsets.UTF_8),
      "\uD7FF".getBytes(StandardCharsets.UTF_8), // the last code point before the surrogates
      "\uE000".getBytes(StandardCharsets.UTF_8), // the first after them
      "\uFFFF".getBytes(StandardCharsets.UTF_8),
      "😀".getBytes(StandardCharsets.UTF_8),
      "\uDBFF\uDFFF".getBytes(StandardCharsets.UTF_8), // U+10FFFF
    };
    for (int size = 0; size <= 24; size++) {
      for (int at = 0; at <= size; at++) {
        for (byte[] seq : invalid) {
          byte[] b = withSequenceAt(size, at, seq);
          assertThat(Utf8.isValid(b, 0, b.length)).as("%s", hex(b)).isFalse();
          assertThat(jdkAccepts(b, 0, b.length)).as("%s", hex(b)).isFalse();
        }
        for (byte[] seq : valid) {
          byte[] b = withSequenceAt(size, at, seq);
          assertThat(Utf8.isValid(b, 0, b.length)).as("%s", hex(b)).isTrue();
        }
      }
    }
  }

  /** {@code size} ASCII bytes with {@code seq} inserted before position {@code at}. */
  private static byte[] withSequenceAt(int size, int at, byte[] seq) {
    byte[] b = new byte[size + seq.length];
    Arrays.fill(b, (byte) 'x');
    System.arraycopy(seq, 0, b, at, seq.length);
    return b;
  }

  /** Byte arrays mostly of bytes where UTF-8's rules change, often with ASCII runs. */
  private static Gen<byte[]> utf8ish() {
    Gen<Byte> edge = Gen.of(toBytes(EDGES));
    Gen<Byte> any = Gen.bytes();
    Gen<Byte> ascii = Gen.bytes((byte) 0, (byte) 0x7f);
    Gen<Byte> continuation = Gen.bytes((byte) 0x80, (byte) 0xbf);
    return Gen.byteArrays(
        Gen.frequencyOf(
            Gen.weight(4, ascii),
            Gen.weight(3, edge),
            Gen.weight(2, continuation),
            Gen.weight(1, any)),
        0,
        64);
  }

  private static Byte[] toBytes(int[] values) {
    Byte[] out = new Byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x ", x & 0xff));
    }
    return sb.toString().trim();
  }

  /** A check of the bytes {@code [off, off + len)} of {@code b}. */
  private interface RangeCheck {
    boolean test(byte[] b, int off, int len);
  }

  /** {@code tested} and {@code oracle} agree on random ranges of UTF-8-like bytes. */
  private static void agreeOnRandomRanges(RangeCheck tested, RangeCheck oracle) {
    PropertyRunner.forAll(
        5000,
        utf8ish(),
        Gen.ints(0, 40),
        Gen.ints(),
        (b, cutFront, seed) -> {
          int off = Math.min(cutFront, b.length);
          int len = Math.floorMod(seed, b.length - off + 1);
          assertThat(tested.test(b, off, len))
              .as("%s [%d, +%d)", hex(b), off, len)
              .isEqualTo(oracle.test(b, off, len));
        });
  }
}
