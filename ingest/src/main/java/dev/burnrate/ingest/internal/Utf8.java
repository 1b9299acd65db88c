package dev.burnrate.ingest.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks of UTF-8 byte ranges that allocate nothing and read eight bytes at a time while they are
 * ASCII, which label names and values nearly always are.
 *
 * <p>{@link #isValid} accepts exactly what the JDK's UTF-8 decoder accepts when it reports
 * malformed input: the well-formed sequences of the Unicode standard (table 3-7), so no overlong
 * forms, no surrogates (U+D800 to U+DFFF), nothing above U+10FFFF and no sequence cut off by the
 * end of the range.
 */
public final class Utf8 {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

  private Utf8() {}

  /** Whether every byte of {@code buf[off, off + len)} is below 0x80. */
  public static boolean isAscii(byte[] buf, int off, int len) {
    int end = off + len;
    if (end < Long.BYTES) {
      for (int i = off; i < end; i++) {
        if (buf[i] < 0) {
          return false;
        }
      }
      return true;
    }
    long bits = 0;
    int i = off;
    for (; i <= end - Long.BYTES; i += Long.BYTES) {
      bits |= (long) LONG.get(buf, i);
    }
    int rest = end - i;
    if (rest > 0) {
      // The eight bytes ending at `end` hold the rest in their top `rest` bytes (little-endian);
      // the bytes before them were read already or lie before the range, so they are masked off.
      bits |= (long) LONG.get(buf, end - Long.BYTES) & (-1L << (Long.SIZE - Byte.SIZE * rest));
    }
    return (bits & HIGH_BITS) == 0;
  }

  /** Whether {@code buf[off, off + len)} is well-formed UTF-8. */
  public static boolean isValid(byte[] buf, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end) {
      if (end - i >= Long.BYTES && ((long) LONG.get(buf, i) & HIGH_BITS) == 0) {
        i += Long.BYTES;
        continue;
      }
      int b = buf[i];
      if (b >= 0) {
        i++;
        continue;
      }
      b &= 0xff;
      if (b < 0xc2) {
        return false; // a continuation byte without a lead, or an overlong 2-byte form
      } else if (b < 0xe0) {
        if (end - i < 2 || !continuation(buf[i + 1])) {
          return false;
        }
        i += 2;
      } else if (b < 0xf5) {
        int n = b < 0xf0 ? 3 : 4;
        if (end - i < n) {
          return false;
        }
        int b1 = buf[i + 1] & 0xff;
        // The second byte's range: E0 needs A0..BF (else overlong), ED 80..9F (else a surrogate),
        // F0 90..BF (else overlong), F4 80..8F (else above U+10FFFF); the others 80..BF.
        int min = b == 0xe0 ? 0xa0 : b == 0xf0 ? 0x90 : 0x80;
        int max = b == 0xed ? 0x9f : b == 0xf4 ? 0x8f : 0xbf;
        if (b1 < min
            || b1 > max
            || !continuation(buf[i + 2])
            || (n == 4 && !continuation(buf[i + 3]))) {
          return false;
        }
        i += n;
      } else {
        return false; // F5..FF never occur in UTF-8
      }
    }
    return true;
  }

  private static boolean continuation(byte b) {
    return (b & 0xc0) == 0x80;
  }
}
