package dev.burnrate.ingest.http;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.LimitProblems;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses gzip bodies (RFC 1952) without ever holding more than the decompressed-size limit,
 * strictly: every member's header, CRC-32 and size are checked, and anything after the last member
 * that is not another member is refused rather than ignored.
 */
final class BoundedGzip {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private BoundedGzip() {}

  /**
   * Inflates a gzip body (all its members).
   *
   * @throws HttpProblem 413 when the output would exceed {@code maxBytes}, 400 when the body is not
   *     valid gzip (including bytes after the gzip data)
   */
  static byte[] gunzip(byte[] body, long maxBytes) {
    if (body.length == 0) {
      throw LimitProblems.malformed("gzip", "the body is empty");
    }
    byte[] out = new byte[(int) Math.min(maxBytes, Math.max(1024, (long) body.length * 4))];
    int n = 0;
    int pos = 0;
    Inflater inflater = new Inflater(true);
    try {
      do {
        if (pos > 0 && (body.length - pos < 2 || (body[pos] & 0xff) != 0x1f)) {
          throw LimitProblems.malformed(
              "gzip", (body.length - pos) + " bytes after the end of the gzip data");
        }
        pos = header(body, pos);
        inflater.reset();
        inflater.setInput(body, pos, body.length - pos);
        int memberStart = n;
        while (!inflater.finished()) {
          if (n == out.length) {
            if (n >= maxBytes) {
              // One more byte would break the limit: check whether the stream has any.
              if (inflater.inflate(new byte[1]) > 0) {
                throw LimitProblems.tooLarge(
                    "maxDecompressedBodyBytes", maxBytes, "the decompressed gzip body");
              }
              if (inflater.finished()) {
                break;
              }
              if (inflater.needsInput() || inflater.needsDictionary()) {
                throw LimitProblems.malformed("gzip", "the deflate data is truncated");
              }
              continue;
            }
            out = Arrays.copyOf(out, (int) Math.min(maxBytes, (long) out.length * 2));
          }
          int r = inflater.inflate(out, n, out.length - n);
          n += r;
          if (r == 0
              && !inflater.finished()
              && (inflater.needsInput() || inflater.needsDictionary())) {
            throw LimitProblems.malformed("gzip", "the deflate data is truncated");
          }
        }
        pos = body.length - inflater.getRemaining();
        if (body.length - pos < 8) {
          throw LimitProblems.malformed("gzip", "the member's CRC-32 and size are missing");
        }
        CRC32 crc = new CRC32();
        crc.update(out, memberStart, n - memberStart);
        if ((int) crc.getValue() != le32(body, pos)) {
          throw LimitProblems.malformed("gzip", "CRC-32 mismatch");
        }
        if ((n - memberStart) != le32(body, pos + 4)) {
          throw LimitProblems.malformed("gzip", "the member's size does not match its data");
        }
        pos += 8;
      } while (pos < body.length);
    } catch (DataFormatException e) {
      throw LimitProblems.malformed("gzip", String.valueOf(e.getMessage()));
    } finally {
      inflater.end();
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** Checks a member header at {@code pos} and returns where its deflate data starts. */
  private static int header(byte[] b, int pos) {
    if (b.length - pos < 10 || (b[pos] & 0xff) != 0x1f || (b[pos + 1] & 0xff) != 0x8b) {
      throw LimitProblems.malformed("gzip", "not in gzip format");
    }
    if (b[pos + 2] != 8) {
      throw LimitProblems.malformed("gzip", "unsupported compression method " + b[pos + 2]);
    }
    int flags = b[pos + 3] & 0xff;
    if ((flags & 0xe0) != 0) {
      throw LimitProblems.malformed("gzip", "reserved header flags are set");
    }
    int p = pos + 10;
    if ((flags & FEXTRA) != 0) {
      if (b.length - p < 2) {
        throw truncatedHeader();
      }
      p += 2 + ((b[p] & 0xff) | (b[p + 1] & 0xff) << 8);
    }
    if ((flags & FNAME) != 0) {
      p = afterZero(b, p);
    }
    if ((flags & FCOMMENT) != 0) {
      p = afterZero(b, p);
    }
    if ((flags & FHCRC) != 0) {
      p += 2;
    }
    if (p > b.length) {
      throw truncatedHeader();
    }
    return p;
  }

  private static int afterZero(byte[] b, int p) {
    while (p < b.length && b[p] != 0) {
      p++;
    }
    if (p >= b.length) {
      throw truncatedHeader();
    }
    return p + 1;
  }

  private static HttpProblem truncatedHeader() {
    return LimitProblems.malformed("gzip", "the header is truncated");
  }

  private static int le32(byte[] b, int p) {
    return (b[p] & 0xff)
        | (b[p + 1] & 0xff) << 8
        | (b[p + 2] & 0xff) << 16
        | (b[p + 3] & 0xff) << 24;
  }
}
