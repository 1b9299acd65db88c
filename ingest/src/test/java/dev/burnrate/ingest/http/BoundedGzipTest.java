package dev.burnrate.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.http.HttpProblem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BoundedGzipTest {
  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void assertStatus(byte[] body, long max, int status, String detail) {
    assertThatThrownBy(() -> BoundedGzip.gunzip(body, max))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(status);
              assertThat(p.detail()).contains(detail);
            });
  }

  @Test
  void inflatesEveryMember() throws IOException {
    byte[] a = "hello ".getBytes(StandardCharsets.UTF_8);
    byte[] b = "world".getBytes(StandardCharsets.UTF_8);
    assertThat(BoundedGzip.gunzip(concat(gzip(a), gzip(b)), 1 << 20))
        .isEqualTo("hello world".getBytes(StandardCharsets.UTF_8));
    assertThat(BoundedGzip.gunzip(gzip(new byte[0]), 1 << 20)).isEmpty();
    byte[] big = new byte[100_000];
    Arrays.fill(big, (byte) 'x');
    assertThat(BoundedGzip.gunzip(gzip(big), big.length)).isEqualTo(big);
  }

  @Test
  void trailingGarbage_isRefused() throws IOException {
    byte[] body = gzip("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    assertStatus(concat(body, "garbage".getBytes(StandardCharsets.UTF_8)), 1 << 20, 400, "after");
    assertStatus(concat(body, new byte[] {0}), 1 << 20, 400, "after");
    assertStatus(concat(body, new byte[] {0x1f, (byte) 0x8b, 8}), 1 << 20, 400, "gzip");
  }

  @Test
  void truncatedOrCorruptData_isRefused_andABombIsTooLarge() throws IOException {
    byte[] body = gzip("some text to compress, some text".getBytes(StandardCharsets.UTF_8));
    assertStatus(Arrays.copyOf(body, body.length - 4), 1 << 20, 400, "gzip");
    assertStatus(Arrays.copyOf(body, 12), 1 << 20, 400, "gzip");
    byte[] badCrc = body.clone();
    badCrc[badCrc.length - 8] ^= 1;
    assertStatus(badCrc, 1 << 20, 400, "CRC");
    assertStatus("not gzip".getBytes(StandardCharsets.UTF_8), 1 << 20, 400, "gzip");
    assertStatus(gzip(new byte[1 << 20]), 1000, 413, "maxDecompressedBodyBytes");
  }
}
