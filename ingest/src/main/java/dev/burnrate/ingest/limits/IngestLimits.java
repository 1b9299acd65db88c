package dev.burnrate.ingest.limits;

import static dev.burnrate.ingest.internal.SettingChecks.positive;

/**
 * Bounds on what one ingest request may carry; a request over any of them is rejected whole.
 *
 * @param maxCompressedBodyBytes the body as received (before gzip or snappy decompression)
 * @param maxDecompressedBodyBytes the body after decompression (a snappy block's declared length is
 *     checked against it before anything is allocated)
 * @param maxSeriesPerRequest series in one request (remote_write time series, OTLP series after
 *     translation, distinct event series)
 * @param maxSamplesPerRequest samples in one request (an OTLP histogram point counts one sample per
 *     bucket plus count and sum)
 * @param maxLabelsPerSeries labels on one series, the metric name not included
 * @param maxLabelNameLength bytes (UTF-8) of a label name
 * @param maxLabelValueLength bytes (UTF-8) of a label value
 * @param maxJsonNestingDepth nesting of JSON objects and arrays (events and OTLP/JSON)
 * @param maxJsonStringLength characters of one JSON string (events and OTLP/JSON)
 * @param maxEventsPerRequest events in one {@code /api/v1/events} request
 * @param inlineDecodeMaxBytes bodies whose decoded size (identity: the body; snappy: its declared
 *     length) is at most this are decoded on the event loop; larger ones, and every gzip body, on a
 *     worker thread
 */
public record IngestLimits(
    long maxCompressedBodyBytes,
    long maxDecompressedBodyBytes,
    int maxSeriesPerRequest,
    long maxSamplesPerRequest,
    int maxLabelsPerSeries,
    int maxLabelNameLength,
    int maxLabelValueLength,
    int maxJsonNestingDepth,
    int maxJsonStringLength,
    int maxEventsPerRequest,
    int inlineDecodeMaxBytes) {

  /** Checks that every limit is positive and that the decompressed limit fits in an array. */
  public IngestLimits {
    positive("maxCompressedBodyBytes", maxCompressedBodyBytes);
    positive("maxDecompressedBodyBytes", maxDecompressedBodyBytes);
    positive("maxSeriesPerRequest", maxSeriesPerRequest);
    positive("maxSamplesPerRequest", maxSamplesPerRequest);
    positive("maxLabelsPerSeries", maxLabelsPerSeries);
    positive("maxLabelNameLength", maxLabelNameLength);
    positive("maxLabelValueLength", maxLabelValueLength);
    positive("maxJsonNestingDepth", maxJsonNestingDepth);
    positive("maxJsonStringLength", maxJsonStringLength);
    positive("maxEventsPerRequest", maxEventsPerRequest);
    if (inlineDecodeMaxBytes < 0) {
      throw new IllegalArgumentException(
          "inlineDecodeMaxBytes must be >= 0, got " + inlineDecodeMaxBytes);
    }
    // A decompressed body is one Java array.
    if (maxDecompressedBodyBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "maxDecompressedBodyBytes must be below 2 GiB, got " + maxDecompressedBodyBytes);
    }
    if (maxCompressedBodyBytes > maxDecompressedBodyBytes) {
      throw new IllegalArgumentException(
          "maxCompressedBodyBytes ("
              + maxCompressedBodyBytes
              + ") must not exceed maxDecompressedBodyBytes ("
              + maxDecompressedBodyBytes
              + ")");
    }
  }

  /** The defaults: generous for Prometheus, the OpenTelemetry SDKs and event shippers. */
  public static IngestLimits defaults() {
    return builder().build();
  }

  /** A builder that starts from the {@linkplain #defaults() defaults}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these limits. */
  public Builder toBuilder() {
    return new Builder()
        .maxCompressedBodyBytes(maxCompressedBodyBytes)
        .maxDecompressedBodyBytes(maxDecompressedBodyBytes)
        .maxSeriesPerRequest(maxSeriesPerRequest)
        .maxSamplesPerRequest(maxSamplesPerRequest)
        .maxLabelsPerSeries(maxLabelsPerSeries)
        .maxLabelNameLength(maxLabelNameLength)
        .maxLabelValueLength(maxLabelValueLength)
        .maxJsonNestingDepth(maxJsonNestingDepth)
        .maxJsonStringLength(maxJsonStringLength)
        .maxEventsPerRequest(maxEventsPerRequest)
        .inlineDecodeMaxBytes(inlineDecodeMaxBytes);
  }

  /** Builds {@link IngestLimits}; what is not set keeps its default, {@link #build()} checks. */
  public static final class Builder {
    // The defaults, here and nowhere else. A decoded body holds several times its size in
    // objects (OTLP messages, a JSON tree), and up to the worker pool's size of them decode at
    // once: 32 MiB keeps that in the low GiB.
    private long maxCompressedBodyBytes = 8L << 20;
    private long maxDecompressedBodyBytes = 32L << 20;
    private int maxSeriesPerRequest = 100_000;
    private long maxSamplesPerRequest = 1_000_000;
    private int maxLabelsPerSeries = 64;
    private int maxLabelNameLength = 256;
    private int maxLabelValueLength = 4096;
    private int maxJsonNestingDepth = 32;
    private int maxJsonStringLength = 65_536;
    private int maxEventsPerRequest = 100_000;
    // Measured decode-and-match cost per KiB of decoded body: remote_write about 1 us, events
    // about 6 us, OTLP protobuf about 16 us, OTLP JSON about 26 us; so 16 KiB holds the event
    // loop for at most about 0.4 ms. Larger bodies go to a worker thread.
    private int inlineDecodeMaxBytes = 16 << 10;

    private Builder() {}

    /** The body as received, before gzip or snappy decompression. */
    public Builder maxCompressedBodyBytes(long value) {
      this.maxCompressedBodyBytes = value;
      return this;
    }

    /** The body after decompression. */
    public Builder maxDecompressedBodyBytes(long value) {
      this.maxDecompressedBodyBytes = value;
      return this;
    }

    /** Series in one request. */
    public Builder maxSeriesPerRequest(int value) {
      this.maxSeriesPerRequest = value;
      return this;
    }

    /** Samples in one request. */
    public Builder maxSamplesPerRequest(long value) {
      this.maxSamplesPerRequest = value;
      return this;
    }

    /** Labels on one series, the metric name not included. */
    public Builder maxLabelsPerSeries(int value) {
      this.maxLabelsPerSeries = value;
      return this;
    }

    /** Bytes (UTF-8) of a label name. */
    public Builder maxLabelNameLength(int value) {
      this.maxLabelNameLength = value;
      return this;
    }

    /** Bytes (UTF-8) of a label value. */
    public Builder maxLabelValueLength(int value) {
      this.maxLabelValueLength = value;
      return this;
    }

    /** Nesting of JSON objects and arrays. */
    public Builder maxJsonNestingDepth(int value) {
      this.maxJsonNestingDepth = value;
      return this;
    }

    /** Characters of one JSON string. */
    public Builder maxJsonStringLength(int value) {
      this.maxJsonStringLength = value;
      return this;
    }

    /** Events in one {@code /api/v1/events} request. */
    public Builder maxEventsPerRequest(int value) {
      this.maxEventsPerRequest = value;
      return this;
    }

    /** The largest decoded body decoded on the event loop (0 sends every body to a worker). */
    public Builder inlineDecodeMaxBytes(int value) {
      this.inlineDecodeMaxBytes = value;
      return this;
    }

    /**
     * The limits.
     *
     * @throws IllegalArgumentException naming the limit that is out of range
     */
    public IngestLimits build() {
      return new IngestLimits(
          maxCompressedBodyBytes,
          maxDecompressedBodyBytes,
          maxSeriesPerRequest,
          maxSamplesPerRequest,
          maxLabelsPerSeries,
          maxLabelNameLength,
          maxLabelValueLength,
          maxJsonNestingDepth,
          maxJsonStringLength,
          maxEventsPerRequest,
          inlineDecodeMaxBytes);
    }
  }
}
