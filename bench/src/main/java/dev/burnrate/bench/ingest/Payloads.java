package dev.burnrate.bench.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.xerial.snappy.Snappy;

/** The benchmark's request bodies: NDJSON event batches and remote_write requests. */
final class Payloads {
  /** Services the load sends data for; the SLO set covers half of them (see {@link BenchSlos}). */
  static final int SERVICES = 200;

  private static final String[] OTHER_METRICS = {
    "node_cpu_seconds_total",
    "process_cpu_seconds_total",
    "go_gc_duration_seconds_count",
    "container_network_receive_bytes_total",
  };
  private static final String[] ROUTES = {"/", "/api/orders", "/api/pay", "/login", "/search"};
  private static final String[] METHODS = {"GET", "POST", "PUT"};

  private Payloads() {}

  /**
   * {@code count} different NDJSON bodies of {@code events} events each, all at time {@code ts}.
   */
  static List<byte[]> eventBodies(int count, int events, long ts, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> bodies = new ArrayList<>(count);
    StringBuilder b = new StringBuilder(events * 130);
    for (int i = 0; i < count; i++) {
      b.setLength(0);
      for (int e = 0; e < events; e++) {
        int status = random.nextInt(100) < 98 ? 200 : 503;
        b.append("{\"ts\":")
            .append(ts + random.nextInt(1000))
            .append(",\"service\":\"svc-")
            .append(random.nextInt(SERVICES))
            .append("\",\"route\":\"")
            .append(ROUTES[random.nextInt(ROUTES.length)])
            .append("\",\"method\":\"")
            .append(METHODS[random.nextInt(METHODS.length)])
            .append("\",\"status\":")
            .append(status)
            .append(",\"duration_ms\":")
            .append(random.nextInt(5, 800))
            .append(".")
            .append(random.nextInt(10))
            .append("}\n");
      }
      bodies.add(b.toString().getBytes(StandardCharsets.UTF_8));
    }
    return bodies;
  }

  /**
   * The series of one load lane, encoded once: a fifth are {@code http_requests_total} of one of
   * {@link #SERVICES} services (a quarter of those are selected by an SLO), the rest other
   * counters; 7 labels each, sorted by name as Prometheus sends them.
   */
  static byte[][] laneSeries(int lane, int count) {
    byte[][] series = new byte[count][];
    for (int s = 0; s < count; s++) {
      int g = lane * count + s;
      boolean http = g % 5 == 0;
      String name = http ? "http_requests_total" : OTHER_METRICS[g % OTHER_METRICS.length];
      String code = http ? (g / 5 / SERVICES % 10 == 0 ? "500" : "200") : "";
      String job = "svc-" + (http ? g / 5 % SERVICES : g % SERVICES);
      Proto labels = new Proto(256);
      label(labels, "__name__", name);
      label(labels, "code", code.isEmpty() ? "none" : code);
      label(labels, "instance", "10.1." + (g / 250) + "." + (g % 250) + ":9100");
      label(labels, "job", job);
      label(labels, "method", METHODS[g % METHODS.length]);
      label(labels, "namespace", "team-" + (g % 17));
      label(labels, "route", ROUTES[g % ROUTES.length]);
      series[s] = labels.toByteArray();
    }
    return series;
  }

  private static void label(Proto out, String name, String value) {
    Proto l = new Proto(64);
    l.bytes(1, name.getBytes(StandardCharsets.UTF_8));
    l.bytes(2, value.getBytes(StandardCharsets.UTF_8));
    out.bytes(1, l.toByteArray());
  }

  /**
   * A snappy-compressed remote_write request with one sample of every series of a lane: the {@code
   * k}-th request of the lane, at {@code base + 100 * k} ms, each counter at {@code k * (1 + s %
   * 3)}.
   */
  static byte[] writeRequest(byte[][] series, long k, long base) {
    long ts = base + 100 * k;
    Proto sample = new Proto(32);
    Proto ts1 = new Proto(1024);
    Proto out = new Proto(series.length * 200);
    for (int s = 0; s < series.length; s++) {
      sample.reset();
      sample.fixed64(1, Double.doubleToRawLongBits((double) k * (1 + s % 3)));
      sample.varint(2, ts);
      ts1.reset();
      ts1.raw(series[s]);
      ts1.bytes(2, sample.buffer(), sample.size());
      out.bytes(1, ts1.buffer(), ts1.size());
    }
    try {
      byte[] compressed = new byte[Snappy.maxCompressedLength(out.size())];
      int n = Snappy.rawCompress(out.buffer(), 0, out.size(), compressed, 0);
      return java.util.Arrays.copyOf(compressed, n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A minimal protobuf writer over a growable array. */
  private static final class Proto {
    private byte[] buf;
    private int size;

    Proto(int capacity) {
      buf = new byte[capacity];
    }

    void reset() {
      size = 0;
    }

    int size() {
      return size;
    }

    byte[] buffer() {
      return buf;
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    private void rawVarint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    void varint(int field, long v) {
      rawVarint((long) field << 3);
      rawVarint(v);
    }

    void fixed64(int field, long v) {
      rawVarint(((long) field << 3) | 1);
      ensure(8);
      for (int i = 0; i < 8; i++) {
        buf[size++] = (byte) (v >>> (8 * i));
      }
    }

    void bytes(int field, byte[] b) {
      bytes(field, b, b.length);
    }

    void bytes(int field, byte[] b, int len) {
      rawVarint(((long) field << 3) | 2);
      rawVarint(len);
      ensure(len);
      System.arraycopy(b, 0, buf, size, len);
      size += len;
    }

    void raw(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }
  }
}
