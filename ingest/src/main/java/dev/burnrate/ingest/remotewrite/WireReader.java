package dev.burnrate.ingest.remotewrite;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.LimitProblems;

/** A protobuf wire-format reader over a byte range, failing with a 400 on malformed input. */
final class WireReader {
  private final byte[] buf;
  private final int limit;
  int pos;

  WireReader(byte[] buf, int from, int to) {
    this.buf = buf;
    this.pos = from;
    this.limit = to;
  }

  boolean more() {
    return pos < limit;
  }

  int tag() {
    long t = varint();
    if (t >>> 3 == 0 || t > 0xFFFF_FFFFL) {
      throw bad("invalid field tag " + t + " at byte " + pos);
    }
    return (int) t;
  }

  long varint() {
    long result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos >= limit) {
        throw bad("truncated varint at byte " + pos);
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw bad("varint longer than 10 bytes at byte " + pos);
  }

  long fixed64() {
    if (limit - pos < 8) {
      throw bad("truncated fixed64 at byte " + pos);
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (buf[pos + i] & 0xffL) << (8 * i);
    }
    pos += 8;
    return v;
  }

  int length() {
    long l = varint();
    if (l < 0 || l > limit - pos) {
      throw bad("length " + l + " runs past the end of its message at byte " + pos);
    }
    return (int) l;
  }

  void skip(int tag) {
    switch (tag & 7) {
      case 0 -> varint();
      case 1 -> {
        if (limit - pos < 8) {
          throw bad("truncated fixed64 at byte " + pos);
        }
        pos += 8;
      }
      case 2 -> {
        // Not `pos += length()`: Java would add to the position read before the length.
        int l = length();
        pos += l;
      }
      case 5 -> {
        if (limit - pos < 4) {
          throw bad("truncated fixed32 at byte " + pos);
        }
        pos += 4;
      }
      default -> throw bad("unsupported wire type " + (tag & 7) + " at byte " + pos);
    }
  }

  private static HttpProblem bad(String detail) {
    return LimitProblems.malformed("protobuf WriteRequest", detail);
  }
}
