package dev.burnrate.ingest.remotewrite;

import dev.burnrate.ingest.pipeline.SeriesKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes a series key from the label bytes of a request, the text {@code SeriesLabels#seriesKey}
 * makes of the same labels, for a series whose labels are ASCII and come sorted by name: {@code
 * metric{a="x",b="y"}}, values escaped as in the Prometheus text format, empty values left out. The
 * key is hashed from these bytes, and a String is made of them only if the store needs the text (a
 * series it has not seen). Reused from series to series.
 */
final class AsciiSeriesKey {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private final long[] hashes = new long[2];
  private byte[] out = new byte[256];
  private int len;
  private int bits;
  private boolean first;
  private boolean complete;

  /**
   * Writes the key of a series whose metric name is {@code buf[nameOff, nameOff + nameLen)} and
   * whose labels (name offset, name length, value offset or -1, value length) are noted in {@code
   * labelAt}, their names ascending; {@code __name__} labels and empty values are left out. False
   * when a byte of the key is not ASCII.
   */
  boolean write(byte[] buf, int nameOff, int nameLen, int[] labelAt, int labelCount) {
    len = 0;
    bits = 0;
    first = true;
    complete = true;
    append(buf, nameOff, nameLen);
    put('{');
    for (int at = 0; at < 4 * labelCount; at += 4) {
      int vOff = labelAt[at + 2];
      int vLen = labelAt[at + 3];
      if (SeriesScan.isName(buf, labelAt[at], labelAt[at + 1])) {
        continue;
      }
      if (vOff >= 0 && vLen > 0) {
        label(buf, labelAt[at], labelAt[at + 1], vOff, vLen);
      } else {
        complete = false;
      }
    }
    put('}');
    return bits >= 0;
  }

  /**
   * Whether the key written holds every label of the series (none had an empty value), so that the
   * labels can be told from the key alone.
   */
  boolean complete() {
    return complete;
  }

  /** The key written, hashed; its bytes copied. */
  SeriesKey key() {
    return SeriesKey.ofAscii(out, len, hashes);
  }

  /** Whether {@code key} is the key written. */
  boolean is(SeriesKey key) {
    return key.isAscii(out, len);
  }

  /** A quick hash of the key written, to find it in a table. */
  int quickHash() {
    return SeriesMatches.quickHash(out, 0, len);
  }

  /** Adds a label with a non-empty value; labels must come sorted by name. */
  private void label(byte[] buf, int kOff, int kLen, int vOff, int vLen) {
    ensure(kLen + 2 * vLen + 4);
    if (!first) {
      out[len++] = ',';
    }
    first = false;
    append(buf, kOff, kLen);
    out[len++] = '=';
    out[len++] = '"';
    int end = vOff + vLen;
    int plain = vOff;
    // Eight bytes at a time up to the word that holds a byte to escape, then byte by byte.
    while (end - plain >= 8 && !mayEscape((long) LONG.get(buf, plain))) {
      plain += 8;
    }
    while (plain < end && !escaped(buf[plain])) {
      plain++;
    }
    append(buf, vOff, plain - vOff);
    for (int i = plain; i < end; i++) {
      byte c = buf[i];
      switch (c) {
        case '\\' -> {
          out[len++] = '\\';
          out[len++] = '\\';
        }
        case '"' -> {
          out[len++] = '\\';
          out[len++] = '"';
        }
        case '\n' -> {
          out[len++] = '\\';
          out[len++] = 'n';
        }
        default -> {
          bits |= c;
          out[len++] = c;
        }
      }
    }
    out[len++] = '"';
  }

  private static boolean escaped(byte c) {
    return c == '\\' || c == '"' || c == '\n';
  }

  /** Whether one of the eight bytes of {@code w} is a backslash, a quote or a newline. */
  private static boolean mayEscape(long w) {
    return hasZeroByte(w ^ (ONES * '\\'))
        || hasZeroByte(w ^ (ONES * '"'))
        || hasZeroByte(w ^ (ONES * '\n'));
  }

  /** Whether a byte of {@code w} is zero (exact, the classic borrow test). */
  private static boolean hasZeroByte(long w) {
    return ((w - ONES) & ~w & HIGHS) != 0;
  }

  private void append(byte[] buf, int off, int n) {
    ensure(n);
    // The bytes OR-ed together, eight at a time: a high bit anywhere is a byte that is not ASCII.
    long any = 0;
    int i = off;
    int end = off + n;
    for (; end - i >= 8; i += 8) {
      any |= (long) LONG.get(buf, i);
    }
    for (; i < end; i++) {
      any |= buf[i];
    }
    if ((any & HIGHS) != 0) {
      bits |= Integer.MIN_VALUE;
    }
    System.arraycopy(buf, off, out, len, n);
    len += n;
  }

  private void put(char c) {
    ensure(1);
    out[len++] = (byte) c;
  }

  private void ensure(int more) {
    if (len + more > out.length) {
      out = Arrays.copyOf(out, Math.max(2 * out.length, len + more));
    }
  }

  /** Whether the names of the labels other than the metric name strictly ascend, bytewise. */
  static boolean namesAscend(byte[] buf, int[] labelAt, int labelCount) {
    int prevOff = -1;
    int prevLen = 0;
    for (int at = 0; at < 4 * labelCount; at += 4) {
      int kOff = labelAt[at];
      int kLen = labelAt[at + 1];
      if (SeriesScan.isName(buf, kOff, kLen)) {
        continue;
      }
      if (prevOff >= 0
          && Arrays.compareUnsigned(buf, prevOff, prevOff + prevLen, buf, kOff, kOff + kLen) >= 0) {
        return false;
      }
      prevOff = kOff;
      prevLen = kLen;
    }
    return true;
  }
}
