package dev.burnrate.ingest.limits;

import dev.burnrate.http.HttpProblem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/** Decompresses gzip bodies without ever holding more than the decompressed-size limit. */
public final class BoundedGzip {
  private BoundedGzip() {}

  /**
   * Inflates a gzip body (all its members).
   *
   * @throws HttpProblem 413 when the output would exceed {@code maxBytes}, 400 when the body is not
   *     valid gzip
   */
  public static byte[] gunzip(byte[] body, long maxBytes) {
    if (body.length == 0) {
      throw LimitProblems.malformed("gzip", "the body is empty");
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
      byte[] out = new byte[(int) Math.min(maxBytes, Math.max(1024, (long) body.length * 4))];
      int n = 0;
      while (true) {
        if (n == out.length) {
          if (n >= maxBytes) {
            // One more byte would break the limit: check whether the stream has any.
            if (in.read() >= 0) {
              throw LimitProblems.tooLarge(
                  "maxDecompressedBodyBytes", maxBytes, "the decompressed gzip body");
            }
            break;
          }
          out = Arrays.copyOf(out, (int) Math.min(maxBytes, (long) out.length * 2));
        }
        int r = in.read(out, n, out.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      return n == out.length ? out : Arrays.copyOf(out, n);
    } catch (HttpProblem p) {
      throw p;
    } catch (IOException e) {
      // ZipException, EOFException (truncated) and friends: the client sent bad gzip.
      throw LimitProblems.malformed("gzip", String.valueOf(e.getMessage()));
    }
  }
}
