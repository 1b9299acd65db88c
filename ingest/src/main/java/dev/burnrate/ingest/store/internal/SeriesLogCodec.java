package dev.burnrate.ingest.store.internal;

import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SeriesKey;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payload of one {@code sli_series_log} row: the samples of series with state that a group
 * commit accepted, in their order, with the SLO contributions matched at ingest, so that the
 * applier needs neither the request nor the SLO index.
 *
 * <p>Layout (big-endian): a version byte; the distinct contribution lists (count, then per list its
 * contributions: SLO name, role, sign, weight); then series entries until the end: hash, check
 * hash, a flags byte (bit 0 delta, bit 1 key follows), the key when flagged, the contribution
 * list's index, the sample count and per sample the time as the difference to the previous time of
 * the payload (zigzag varint) and the value. About 28 bytes per sample with one sample per series.
 */
public final class SeriesLogCodec {
  private static final byte VERSION = 1;

  private SeriesLogCodec() {}

  /** Builds a payload series by series; not thread-safe. */
  public static final class Writer {
    private final Map<List<Contribution>, Integer> listIndex = new HashMap<>();
    // The same, by identity: a decoder hands one list instance to every series matched alike.
    private final Map<List<Contribution>, Integer> listByIdentity = new IdentityHashMap<>();
    private final List<List<Contribution>> lists = new ArrayList<>();
    private ByteBuffer body = ByteBuffer.allocate(1 << 16);
    private List<Contribution> lastList;
    private int lastIndex;
    private long prevTs;
    private int samples;
    private int series;
    private MatchedSeries open;
    private int openStart;
    private int openCountAt;
    private int openCount;

    /**
     * Starts a series entry.
     *
     * @param key the series key, or null to leave it out (the applier knows it already)
     */
    public void begin(MatchedSeries s, long hash, long check, SeriesKey key) {
      byte[] keyBytes = key == null ? null : key.utf8();
      ensure(8 + 8 + 1 + 10 + 5 + 5 + (keyBytes == null ? 0 : keyBytes.length));
      openStart = body.position();
      body.putLong(hash).putLong(check);
      int flags = (s.temporality() == Temporality.DELTA ? 1 : 0) | (keyBytes == null ? 0 : 2);
      body.put((byte) flags);
      if (keyBytes != null) {
        putVarint(keyBytes.length);
        body.put(keyBytes);
      }
      putVarint(listOf(s.contributions()));
      // The count is patched in end(): a fixed 4 bytes leaves room for any count.
      openCountAt = body.position();
      body.putInt(0);
      open = s;
      openCount = 0;
      series++;
    }

    /** Adds a sample to the open series entry. */
    public void sample(long ts, double value) {
      ensure(10 + 8);
      long d = ts - prevTs;
      putVarlong((d << 1) ^ (d >> 63));
      body.putDouble(value);
      prevTs = ts;
      openCount++;
      samples++;
    }

    /** Ends the open series entry; an entry without samples is dropped. */
    public void end() {
      if (open == null) {
        return;
      }
      if (openCount == 0) {
        // Nothing was accepted: roll the entry back (its list stays in the table, harmlessly).
        body.position(openStart);
        series--;
      } else {
        body.putInt(openCountAt, openCount);
      }
      open = null;
    }

    private void ensure(int more) {
      if (body.remaining() < more) {
        ByteBuffer bigger =
            ByteBuffer.allocate(Math.max(body.capacity() * 2, body.position() + more));
        body.flip();
        bigger.put(body);
        body = bigger;
      }
    }

    private int listOf(List<Contribution> list) {
      if (list == lastList) {
        return lastIndex;
      }
      Integer i = listByIdentity.get(list);
      if (i == null) {
        i = listIndex.get(list);
        if (i == null) {
          i = lists.size();
          lists.add(list);
          listIndex.put(list, i);
        }
        listByIdentity.put(list, i);
      }
      lastList = list;
      lastIndex = i;
      return i;
    }

    /** The number of samples written. */
    public int samples() {
      return samples;
    }

    /** The number of series entries written. */
    public int series() {
      return series;
    }

    /** The payload. */
    public byte[] toBytes() {
      ByteBuffer head = ByteBuffer.allocate(1 << 12);
      head.put(VERSION);
      head = putInt(head, lists.size());
      for (List<Contribution> list : lists) {
        head = putInt(head, list.size());
        for (Contribution c : list) {
          byte[] slo = c.slo().getBytes(StandardCharsets.UTF_8);
          if (head.remaining() < slo.length + 32) {
            head = grow(head, slo.length + 32);
          }
          head.putInt(slo.length).put(slo);
          head.put((byte) c.role().ordinal()).put((byte) c.sign()).putDouble(c.weight());
        }
      }
      byte[] out = new byte[head.position() + body.position()];
      System.arraycopy(head.array(), 0, out, 0, head.position());
      System.arraycopy(body.array(), 0, out, head.position(), body.position());
      return out;
    }

    private static ByteBuffer putInt(ByteBuffer b, int v) {
      if (b.remaining() < 4) {
        b = grow(b, 4);
      }
      return b.putInt(v);
    }

    private static ByteBuffer grow(ByteBuffer b, int more) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + more));
      b.flip();
      return bigger.put(b);
    }

    private void putVarint(int v) {
      putVarlong(v & 0xffffffffL);
    }

    private void putVarlong(long v) {
      while ((v & ~0x7fL) != 0) {
        body.put((byte) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      body.put((byte) v);
    }
  }

  /**
   * A decoded payload as one batch without an idempotency key (its key, if it had one, was
   * committed with the row), with each series' hashes.
   *
   * @param batch the series in payload order; a series whose key was left out has the key {@code
   *     ""}
   * @param hashes the series' {@link SeriesHash#of} hashes
   * @param checks the series' {@link SeriesHash#check} hashes
   */
  public record Decoded(IngestBatch batch, long[] hashes, long[] checks) {}

  /** Decodes a payload written by {@link Writer}. */
  public static Decoded decode(byte[] payload) {
    return decode(payload, new HashMap<>());
  }

  /**
   * Decodes a payload written by {@link Writer}, taking each contribution list from {@code
   * canonical} when an equal one is there (and adding it when not), so that the rows of one apply
   * round share their lists.
   */
  public static Decoded decode(
      byte[] payload, Map<List<Contribution>, List<Contribution>> canonical) {
    ByteBuffer in = ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN);
    byte version = in.get();
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown series log payload version " + version);
    }
    SliRole[] roles = SliRole.values();
    int listCount = in.getInt();
    List<List<Contribution>> lists = new ArrayList<>(listCount);
    for (int l = 0; l < listCount; l++) {
      int n = in.getInt();
      List<Contribution> list = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        byte[] slo = new byte[in.getInt()];
        in.get(slo);
        SliRole role = roles[in.get()];
        int sign = in.get();
        double weight = in.getDouble();
        list.add(new Contribution(new String(slo, StandardCharsets.UTF_8), role, sign, weight));
      }
      lists.add(canonical.computeIfAbsent(List.copyOf(list), same -> same));
    }
    List<MatchedSeries> series = new ArrayList<>();
    long[] hashes = new long[64];
    long[] checks = new long[64];
    long prevTs = 0;
    long samples = 0;
    while (in.hasRemaining()) {
      long hash = in.getLong();
      long check = in.getLong();
      int flags = in.get();
      String key = "";
      if ((flags & 2) != 0) {
        byte[] k = new byte[(int) getVarlong(in)];
        in.get(k);
        key = new String(k, StandardCharsets.UTF_8);
      }
      List<Contribution> list = lists.get((int) getVarlong(in));
      int n = in.getInt();
      long[] ts = new long[n];
      double[] values = new double[n];
      for (int j = 0; j < n; j++) {
        long z = getVarlong(in);
        prevTs += (z >>> 1) ^ -(z & 1);
        ts[j] = prevTs;
        values[j] = in.getDouble();
      }
      if (series.size() == hashes.length) {
        hashes = Arrays.copyOf(hashes, hashes.length * 2);
        checks = Arrays.copyOf(checks, checks.length * 2);
      }
      hashes[series.size()] = hash;
      checks[series.size()] = check;
      Temporality temporality = (flags & 1) != 0 ? Temporality.DELTA : Temporality.CUMULATIVE;
      series.add(new MatchedSeries(SeriesKey.of(hash, check, key), temporality, list, ts, values));
      samples += n;
    }
    int size = series.size();
    return new Decoded(
        new IngestBatch(series, Optional.empty(), samples),
        Arrays.copyOf(hashes, size),
        Arrays.copyOf(checks, size));
  }

  /**
   * The hashes and check hashes of a payload's series, in payload order ({@code [0]} and {@code
   * [1]}), read without decoding the series: the keys and samples are skipped.
   */
  public static long[][] hashes(byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN);
    byte version = in.get();
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown series log payload version " + version);
    }
    int listCount = in.getInt();
    for (int l = 0; l < listCount; l++) {
      int n = in.getInt();
      for (int k = 0; k < n; k++) {
        int sloLength = in.getInt();
        // The SLO name, then role, sign and weight.
        in.position(in.position() + sloLength + 2 + 8);
      }
    }
    long[] hashes = new long[64];
    long[] checks = new long[64];
    int size = 0;
    while (in.hasRemaining()) {
      if (size == hashes.length) {
        hashes = Arrays.copyOf(hashes, size * 2);
        checks = Arrays.copyOf(checks, size * 2);
      }
      hashes[size] = in.getLong();
      checks[size] = in.getLong();
      size++;
      int flags = in.get();
      if ((flags & 2) != 0) {
        int keyLength = (int) getVarlong(in);
        in.position(in.position() + keyLength);
      }
      getVarlong(in);
      int n = in.getInt();
      for (int j = 0; j < n; j++) {
        getVarlong(in);
        in.position(in.position() + 8);
      }
    }
    return new long[][] {Arrays.copyOf(hashes, size), Arrays.copyOf(checks, size)};
  }

  private static long getVarlong(ByteBuffer in) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = in.get();
      v |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return v;
      }
    }
  }
}
