package dev.burnrate.ingest.remotewrite;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.LimitProblems;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A bounded decoder of the snappy block format (a varint uncompressed length, then literal and copy
 * elements): the declared length is checked against the limit before anything is allocated, and
 * every element is bounds-checked, so a hostile block costs at most the limit.
 */
public final class SnappyBlock {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private SnappyBlock() {}

  /**
   * The uncompressed length a block declares, or -1 when its preamble is malformed; reading it
   * costs a few bytes and allocates nothing.
   */
  public static long declaredLength(byte[] in) {
    long declared = 0;
    for (int p = 0, shift = 0; p < in.length && shift <= 28; p++, shift += 7) {
      int b = in[p] & 0xff;
      declared |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        return declared;
      }
    }
    return -1;
  }

  /**
   * Decompresses a block.
   *
   * @throws HttpProblem 413 when the declared length exceeds {@code maxLength}; 400 when the block
   *     is truncated, lies about its length or copies from outside what it has produced
   */
  public static byte[] decompress(byte[] in, long maxLength) {
    return decompress(in, 0, in.length, maxLength);
  }

  /**
   * Decompresses the block in {@code in[off, off + len)}; see {@link #decompress(byte[], long)}.
   */
  public static byte[] decompress(byte[] in, int off, int len, long maxLength) {
    int end = off + len;
    if (len == 0) {
      throw bad("the body is empty");
    }
    // The preamble: the uncompressed length as a little-endian varint of at most 5 bytes (32 bits).
    long declared = 0;
    int p = off;
    for (int shift = 0; ; shift += 7) {
      if (p >= end) {
        throw bad("truncated length preamble");
      }
      if (shift > 28) {
        throw bad("length preamble longer than 5 bytes");
      }
      int b = in[p++] & 0xff;
      declared |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        break;
      }
    }
    if (declared > maxLength) {
      throw LimitProblems.tooLarge(
          "maxDecompressedBodyBytes", maxLength, "the snappy block's declared length " + declared);
    }
    // A snappy element expands at most 64 bytes from 3 (copy-2), and literal bytes are copied: a
    // declared length far beyond what the input could produce is a lie we refuse before allocating.
    if (declared > (long) (end - p) * 22 + 64) {
      throw bad("declared length " + declared + " cannot come from " + len + " bytes");
    }
    byte[] out = new byte[(int) declared];
    int o = 0;
    while (p < end) {
      int tag = in[p++] & 0xff;
      switch (tag & 3) {
        case 0 -> {
          int n = tag >>> 2;
          int length;
          if (n < 60) {
            length = n + 1;
          } else {
            int bytes = n - 59; // 1..4 little-endian bytes follow
            if (end - p < bytes) {
              throw bad("truncated literal length");
            }
            long l = 0;
            for (int i = 0; i < bytes; i++) {
              l |= (long) (in[p++] & 0xff) << (8 * i);
            }
            if (l + 1 > Integer.MAX_VALUE) {
              throw bad("literal length out of range");
            }
            length = (int) (l + 1);
          }
          if (end - p < length) {
            throw bad("truncated literal");
          }
          if (out.length - o < length) {
            throw bad("literal runs past the declared length " + declared);
          }
          if (length <= Long.BYTES && end - p >= Long.BYTES && out.length - o >= Long.BYTES) {
            // Short literals are the common case: one 8-byte move, the bytes past `length` are
            // overwritten by the next element (or are within the input and output anyway).
            LONG.set(out, o, (long) LONG.get(in, p));
          } else {
            System.arraycopy(in, p, out, o, length);
          }
          p += length;
          o += length;
        }
        case 1 -> {
          if (end - p < 1) {
            throw bad("truncated copy");
          }
          int length = ((tag >>> 2) & 7) + 4;
          int offset = ((tag >>> 5) << 8) | (in[p++] & 0xff);
          o = copy(out, o, offset, length, declared);
        }
        case 2 -> {
          if (end - p < 2) {
            throw bad("truncated copy");
          }
          int length = (tag >>> 2) + 1;
          int offset = (in[p] & 0xff) | ((in[p + 1] & 0xff) << 8);
          p += 2;
          o = copy(out, o, offset, length, declared);
        }
        default -> {
          if (end - p < 4) {
            throw bad("truncated copy");
          }
          int length = (tag >>> 2) + 1;
          long offset =
              (in[p] & 0xffL)
                  | ((in[p + 1] & 0xffL) << 8)
                  | ((in[p + 2] & 0xffL) << 16)
                  | ((in[p + 3] & 0xffL) << 24);
          p += 4;
          if (offset > Integer.MAX_VALUE) {
            throw bad("copy offset " + offset + " out of range");
          }
          o = copy(out, o, (int) offset, length, declared);
        }
      }
    }
    if (o != out.length) {
      throw bad("block ends after " + o + " of the declared " + declared + " bytes");
    }
    return out;
  }

  private static int copy(byte[] out, int o, int offset, int length, long declared) {
    if (offset == 0 || offset > o) {
      throw bad("copy offset " + offset + " out of range at output position " + o);
    }
    if (out.length - o < length) {
      throw bad("copy runs past the declared length " + declared);
    }
    int from = o - offset;
    if (offset >= Long.BYTES && out.length - o >= length + Long.BYTES - 1) {
      // Eight bytes at a time: each 8-byte read ends at or before the position it is written to,
      // so it sees only output already final, as a byte-by-byte copy would, even when the copy
      // overlaps itself. Up to 7 bytes past `length` are written; the elements that follow
      // overwrite them.
      for (int i = 0; i < length; i += Long.BYTES) {
        LONG.set(out, o + i, (long) LONG.get(out, from + i));
      }
    } else if (offset >= length) {
      System.arraycopy(out, from, out, o, length);
    } else {
      // Overlapping copies repeat the last `offset` bytes (run-length encoding).
      for (int i = 0; i < length; i++) {
        out[o + i] = out[from + i];
      }
    }
    return o + length;
  }

  private static HttpProblem bad(String detail) {
    return LimitProblems.malformed("snappy block", detail);
  }
}
