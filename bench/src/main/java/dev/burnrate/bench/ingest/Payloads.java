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
   * The series of one load lane, encoded once; 7 labels each, sorted by name as Prometheus sends
   * them. A share {@code selectedShare} of them (drawn by a hash of the series' number, so every
   * run sends the same series) are {@code http_requests_total} of a job that has an availability
   * SLO in {@link BenchSlos} (one in ten with {@code code="500"}); the others are {@code
   * http_requests_total} of jobs without an SLO or other counters, which no SLO selects. At 1.0 the
   * stream is what a Prometheus sends after relabelling down to the SLOs' series.
   */
  static byte[][] laneSeries(int lane, int count, double selectedShare, int slos) {
    int availabilityJobs = Math.max(1, slos / 2);
    byte[][] series = new byte[count][];
    for (int s = 0; s < count; s++) {
      int g = lane * count + s;
      boolean selected = Long.remainderUnsigned(mix(g), 1_000_000) < selectedShare * 1_000_000;
      String name;
      String job;
      String code;
      if (selected) {
        name = "http_requests_total";
        job = "svc-" + (2 * (g % availabilityJobs) + 1);
        code = g / availabilityJobs % 10 == 0 ? "500" : "200";
      } else if (g % 5 == 0) {
        // Jobs from slos upwards carry no SLO, whatever their parity.
        name = "http_requests_total";
        job = "svc-" + (slos + g / 5 % SERVICES);
        code = "200";
      } else {
        name = OTHER_METRICS[g % OTHER_METRICS.length];
        job = "svc-" + g % SERVICES;
        code = "none";
      }
      series[s] =
          series(
              "__name__",
              name,
              "code",
              code,
              "instance",
              "10.1." + (g / 250) + "." + (g % 250) + ":9100",
              "job",
              job,
              "method",
              METHODS[g % METHODS.length],
              "namespace",
              "team-" + (g % 17),
              "route",
              ROUTES[g % ROUTES.length]);
    }
    return series;
  }

  /** A 64-bit finaliser (SplitMix64's), so the selected series spread over lanes and numbers. */
  private static long mix(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
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
    double[] values = new double[series.length];
    for (int s = 0; s < series.length; s++) {
      values[s] = (double) k * (1 + s % 3);
    }
    return writeRequest(series, values, base + 100 * k);
  }

  /** The labels of one series, from name and value pairs given sorted by name. */
  static byte[] series(String... namesAndValues) {
    Proto labels = new Proto(256);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      label(labels, namesAndValues[i], namesAndValues[i + 1]);
    }
    return labels.toByteArray();
  }

  /** A snappy-compressed remote_write request with one sample per series, all at {@code ts}. */
  static byte[] writeRequest(byte[][] series, double[] values, long ts) {
    Proto sample = new Proto(32);
    Proto ts1 = new Proto(1024);
    Proto out = new Proto(series.length * 200);
    for (int s = 0; s < series.length; s++) {
      sample.reset();
      sample.fixed64(1, Double.doubleToRawLongBits(values[s]));
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
