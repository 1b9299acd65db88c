package dev.burnrate.ingest.testing;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/** Builds Prometheus remote_write {@code WriteRequest}s as the published proto encodes them. */
public final class WriteRequests {
  private final List<byte[]> series = new ArrayList<>();

  /** An empty request. */
  public static WriteRequests create() {
    return new WriteRequests();
  }

  /**
   * Adds a series: labels in the given order (include {@code __name__}), samples as (ms, value).
   */
  public WriteRequests series(Map<String, String> labels, long[] ts, double[] values) {
    List<String> kv = new ArrayList<>();
    labels.forEach(
        (k, v) -> {
          kv.add(k);
          kv.add(v);
        });
    return series(kv, ts, values);
  }

  /** Adds a series with labels as name, value, name, value... (duplicates allowed). */
  public WriteRequests series(List<String> labels, long[] ts, double[] values) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      for (int i = 0; i < labels.size(); i += 2) {
        ByteArrayOutputStream lb = new ByteArrayOutputStream();
        CodedOutputStream lo = CodedOutputStream.newInstance(lb);
        lo.writeString(1, labels.get(i));
        lo.writeString(2, labels.get(i + 1));
        lo.flush();
        out.writeByteArray(1, lb.toByteArray());
      }
      for (int i = 0; i < ts.length; i++) {
        ByteArrayOutputStream sb = new ByteArrayOutputStream();
        CodedOutputStream so = CodedOutputStream.newInstance(sb);
        so.writeDouble(1, values[i]);
        so.writeInt64(2, ts[i]);
        so.flush();
        out.writeByteArray(2, sb.toByteArray());
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    series.add(bytes.toByteArray());
    return this;
  }

  /** Adds a raw, already encoded TimeSeries message. */
  public WriteRequests rawSeries(byte[] timeSeries) {
    series.add(timeSeries);
    return this;
  }

  /** The encoded WriteRequest. */
  public byte[] protobuf() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      for (byte[] s : series) {
        out.writeByteArray(1, s);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The encoded WriteRequest, snappy block-compressed as remote_write sends it. */
  public byte[] snappy() {
    return snappy(protobuf());
  }

  /** Snappy block compression of any bytes. */
  public static byte[] snappy(byte[] raw) {
    try {
      return Snappy.compress(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
