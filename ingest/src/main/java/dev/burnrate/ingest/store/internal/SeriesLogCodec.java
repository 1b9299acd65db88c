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
 * <p>Layout of version 2, written since 2026-12 (big-endian; "varint" is unsigned LEB128, "zigzag"
 * a signed varint): a version byte; the distinct contribution lists (a varint count, then per list
 * a varint count of contributions, each a varint length and the UTF-8 SLO name, a role byte, a sign
 * byte and the weight as a double); then series entries until the end. An entry is its hash and
 * check hash (8 bytes each), a varint head {@code list index << 4 | flags} (bit 0 delta, bit 1 the
 * key follows, bit 2 one sample, bit 3 integral values), the key when flagged (varint length and
 * UTF-8), the sample count as a varint unless bit 2 says one, and per sample the time as the
 * difference to the previous time of the payload (zigzag) and the value: a zigzag of the integer
 * when bit 3 is set (every value of the entry is an integer of magnitude below 2^53, so counters
 * take one to four bytes), the double otherwise. About 21 bytes per sample with one sample per
 * series, against 31 in version 1.
 *
 * <p>Version 1 (fixed 4-byte counts and lengths in the list table; a flags byte, then the list
 * index as a varint, a 4-byte sample count and every value as a double) is still read: rows an
 * older writer appended are applied after an upgrade.
 */
public final class SeriesLogCodec {
  private static final byte VERSION_1 = 1;
  private static final byte VERSION = 2;
  private static final int DELTA = 1;
  private static final int KEY = 2;
  private static final int SINGLE = 4;
  private static final int INTEGRAL = 8;
  private static final int FLAG_BITS = 4;
  private static final long INTEGRAL_LIMIT = 1L << 53;

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
    // The open entry: written at end(), once its samples are known.
    private boolean open;
    private long openHash;
    private long openCheck;
    private int openFlags;
    private int openList;
    private byte[] openKey;
    private long[] openTs = new long[8];
    private double[] openValues = new double[8];
    private int openCount;

    /**
     * Starts a series entry.
     *
     * @param key the series key, or null to leave it out (the applier knows it already)
     */
    public void begin(MatchedSeries s, long hash, long check, SeriesKey key) {
      openHash = hash;
      openCheck = check;
      openKey = key == null ? null : key.utf8();
      openFlags = (s.temporality() == Temporality.DELTA ? DELTA : 0) | (key == null ? 0 : KEY);
      openList = listOf(s.contributions());
      openCount = 0;
      open = true;
    }

    /** Adds a sample to the open series entry. */
    public void sample(long ts, double value) {
      if (openCount == openTs.length) {
        openTs = Arrays.copyOf(openTs, openCount * 2);
        openValues = Arrays.copyOf(openValues, openCount * 2);
      }
      openTs[openCount] = ts;
      openValues[openCount] = value;
      openCount++;
    }

    /** Ends the open series entry; an entry without samples is dropped. */
    public void end() {
      if (!open) {
        return;
      }
      open = false;
      if (openCount == 0) {
        // Nothing was accepted (its list stays in the table, harmlessly).
        return;
      }
      int flags = openFlags | (openCount == 1 ? SINGLE : 0);
      boolean integral = true;
      for (int j = 0; j < openCount && integral; j++) {
        integral = isIntegral(openValues[j]);
      }
      if (integral) {
        flags |= INTEGRAL;
      }
      ensure(8 + 8 + 10 + 10 + 10 + (openKey == null ? 0 : openKey.length) + openCount * (10 + 10));
      body.putLong(openHash).putLong(openCheck);
      putVarlong(body, ((long) openList << FLAG_BITS) | flags);
      if (openKey != null) {
        putVarlong(body, openKey.length);
        body.put(openKey);
      }
      if (openCount != 1) {
        putVarlong(body, openCount);
      }
      for (int j = 0; j < openCount; j++) {
        long d = openTs[j] - prevTs;
        putVarlong(body, zigzag(d));
        prevTs = openTs[j];
        if (integral) {
          putVarlong(body, zigzag((long) openValues[j]));
        } else {
          body.putDouble(openValues[j]);
        }
      }
      samples += openCount;
      series++;
    }

    private void ensure(int more) {
      if (body.remaining() < more) {
        body = grow(body, more);
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
      putVarlong(head, lists.size());
      for (List<Contribution> list : lists) {
        head = room(head, 5);
        putVarlong(head, list.size());
        for (Contribution c : list) {
          byte[] slo = c.slo().getBytes(StandardCharsets.UTF_8);
          head = room(head, slo.length + 5 + 2 + 8);
          putVarlong(head, slo.length);
          head.put(slo);
          head.put((byte) c.role().ordinal()).put((byte) c.sign()).putDouble(c.weight());
        }
      }
      byte[] out = new byte[head.position() + body.position()];
      System.arraycopy(head.array(), 0, out, 0, head.position());
      System.arraycopy(body.array(), 0, out, head.position(), body.position());
      return out;
    }

    private static ByteBuffer room(ByteBuffer b, int more) {
      return b.remaining() < more ? grow(b, more) : b;
    }

    private static ByteBuffer grow(ByteBuffer b, int more) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + more));
      b.flip();
      return bigger.put(b);
    }
  }

  /** Whether a value is written as an integer: exact, below 2^53 in magnitude, not -0.0. */
  static boolean isIntegral(double v) {
    long l = (long) v;
    return l == v
        && l > -INTEGRAL_LIMIT
        && l < INTEGRAL_LIMIT
        && (l != 0 || Double.doubleToRawLongBits(v) == 0L);
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

  /** Decodes a payload written by {@link Writer} (or by a version 1 writer). */
  public static Decoded decode(byte[] payload) {
    return decode(payload, new HashMap<>());
  }

  /**
   * Decodes a payload written by {@link Writer} (or by a version 1 writer), taking each
   * contribution list from {@code canonical} when an equal one is there (and adding it when not),
   * so that the rows of one apply round share their lists.
   */
  public static Decoded decode(
      byte[] payload, Map<List<Contribution>, List<Contribution>> canonical) {
    Entries in = entries(payload, canonical);
    List<MatchedSeries> series = new ArrayList<>();
    long[] hashes = new long[64];
    long[] checks = new long[64];
    long samples = 0;
    while (in.next()) {
      int n = in.size();
      if (series.size() == hashes.length) {
        hashes = Arrays.copyOf(hashes, hashes.length * 2);
        checks = Arrays.copyOf(checks, checks.length * 2);
      }
      hashes[series.size()] = in.hash();
      checks[series.size()] = in.check();
      series.add(
          new MatchedSeries(
              in.key(),
              in.delta() ? Temporality.DELTA : Temporality.CUMULATIVE,
              in.contributions(),
              Arrays.copyOf(in.timestampsMs(), n),
              Arrays.copyOf(in.values(), n)));
      samples += n;
    }
    int size = series.size();
    return new Decoded(
        new IngestBatch(series, Optional.empty(), samples),
        Arrays.copyOf(hashes, size),
        Arrays.copyOf(checks, size));
  }

  /**
   * The series of a payload read in place, one entry at a time into reused arrays, with the lists
   * taken from {@code canonical} as in {@link #decode(byte[], Map)}; a series whose key was left
   * out has the key {@code ""}.
   */
  static Entries entries(byte[] payload, Map<List<Contribution>, List<Contribution>> canonical) {
    Reader in = new Reader(payload);
    SliRole[] roles = SliRole.values();
    int listCount = in.count();
    List<List<Contribution>> lists = new ArrayList<>(listCount);
    for (int l = 0; l < listCount; l++) {
      int n = in.count();
      List<Contribution> list = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        int length = in.count();
        String slo = new String(payload, in.buf.position(), length, StandardCharsets.UTF_8);
        in.skip(length);
        SliRole role = roles[in.buf.get()];
        int sign = in.buf.get();
        double weight = in.buf.getDouble();
        list.add(new Contribution(slo, role, sign, weight));
      }
      lists.add(canonical.computeIfAbsent(List.copyOf(list), same -> same));
    }
    return new Entries(in, lists);
  }

  /** A payload's series entries, read in place. */
  static final class Entries implements SeriesCursor {
    private final Reader in;
    private final List<List<Contribution>> lists;
    private long prevTs;
    private long[] ts = new long[8];
    private double[] values = new double[8];
    private int size;

    private Entries(Reader in, List<List<Contribution>> lists) {
      this.in = in;
      this.lists = lists;
    }

    @Override
    public boolean next() {
      if (!in.nextEntry()) {
        return false;
      }
      int n = in.sampleCount();
      if (n > ts.length) {
        ts = new long[Math.max(n, ts.length * 2)];
        values = new double[ts.length];
      }
      for (int j = 0; j < n; j++) {
        prevTs += unzigzag(getVarlong(in.buf));
        ts[j] = prevTs;
        values[j] = in.value();
      }
      size = n;
      return true;
    }

    long hash() {
      return in.hash;
    }

    long check() {
      return in.check;
    }

    @Override
    public boolean delta() {
      return (in.flags & DELTA) != 0;
    }

    @Override
    public List<Contribution> contributions() {
      return lists.get(in.list);
    }

    @Override
    public SeriesKey key() {
      String text =
          in.keyAt < 0
              ? ""
              : new String(in.buf.array(), in.keyAt, in.keyLength, StandardCharsets.UTF_8);
      return SeriesKey.of(in.hash, in.check, text);
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public long[] timestampsMs() {
      return ts;
    }

    @Override
    public double[] values() {
      return values;
    }
  }

  /**
   * The hashes and check hashes of a payload's series, in payload order ({@code [0]} and {@code
   * [1]}), read without decoding the series: the keys and samples are skipped.
   */
  public static long[][] hashes(byte[] payload) {
    Reader in = new Reader(payload);
    int listCount = in.count();
    for (int l = 0; l < listCount; l++) {
      int n = in.count();
      for (int k = 0; k < n; k++) {
        int sloLength = in.count();
        // The SLO name, then role, sign and weight.
        in.skip(sloLength + 2 + 8);
      }
    }
    long[] hashes = new long[64];
    long[] checks = new long[64];
    int size = 0;
    while (in.nextEntry()) {
      if (size == hashes.length) {
        hashes = Arrays.copyOf(hashes, size * 2);
        checks = Arrays.copyOf(checks, size * 2);
      }
      hashes[size] = in.hash;
      checks[size] = in.check;
      size++;
      int n = in.sampleCount();
      for (int j = 0; j < n; j++) {
        getVarlong(in.buf);
        in.value();
      }
    }
    return new long[][] {Arrays.copyOf(hashes, size), Arrays.copyOf(checks, size)};
  }

  /** Reads the parts whose encoding differs between the versions. */
  private static final class Reader {
    final ByteBuffer buf;
    final boolean v1;
    long hash;
    long check;
    int flags;
    int list;
    // Where the entry's key starts in the payload, -1 when it has none.
    int keyAt;
    int keyLength;

    Reader(byte[] payload) {
      buf = ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN);
      byte version = buf.get();
      if (version != VERSION && version != VERSION_1) {
        throw new IllegalArgumentException("unknown series log payload version " + version);
      }
      v1 = version == VERSION_1;
    }

    /** A count or length of the list table. */
    int count() {
      return v1 ? buf.getInt() : (int) getVarlong(buf);
    }

    void skip(int n) {
      buf.position(buf.position() + n);
    }

    /**
     * Reads an entry up to its samples: hashes, flags, list, and where its key is ({@link #keyAt},
     * skipped over); false at the end of the payload.
     */
    boolean nextEntry() {
      if (!buf.hasRemaining()) {
        return false;
      }
      hash = buf.getLong();
      check = buf.getLong();
      if (v1) {
        flags = buf.get();
        skipKey();
        list = (int) getVarlong(buf);
      } else {
        long head = getVarlong(buf);
        flags = (int) (head & ((1 << FLAG_BITS) - 1));
        list = (int) (head >>> FLAG_BITS);
        skipKey();
      }
      return true;
    }

    private void skipKey() {
      keyAt = -1;
      if ((flags & KEY) != 0) {
        keyLength = (int) getVarlong(buf);
        keyAt = buf.position();
        skip(keyLength);
      }
    }

    /** The entry's sample count; read after {@link #nextEntry}. */
    int sampleCount() {
      if (v1) {
        return buf.getInt();
      }
      return (flags & SINGLE) != 0 ? 1 : (int) getVarlong(buf);
    }

    /** A sample's value; read after its time. */
    double value() {
      return !v1 && (flags & INTEGRAL) != 0 ? unzigzag(getVarlong(buf)) : buf.getDouble();
    }
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long z) {
    return (z >>> 1) ^ -(z & 1);
  }

  private static void putVarlong(ByteBuffer b, long v) {
    while ((v & ~0x7fL) != 0) {
      b.put((byte) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    b.put((byte) v);
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
