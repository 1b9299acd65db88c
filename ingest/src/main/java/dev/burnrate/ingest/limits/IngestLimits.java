package dev.burnrate.ingest.limits;

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
    // A decoded body holds several times its size in objects (OTLP messages, a JSON tree), and
    // up to the worker pool's size of them decode at once: 32 MiB keeps that in the low GiB.
    long compressed = 8L << 20; // 8 MiB
    long decompressed = 32L << 20; // 32 MiB
    int series = 100_000;
    long samples = 1_000_000;
    int labels = 64;
    int nameLength = 256;
    int valueLength = 4096;
    int jsonDepth = 32;
    int jsonString = 65_536;
    int events = 100_000;
    // Measured decode-and-match cost per KiB of decoded body: remote_write about 1 us, events
    // about 6 us, OTLP protobuf about 16 us, OTLP JSON about 26 us; so 16 KiB holds the event
    // loop for at most about 0.4 ms. Larger bodies go to a worker thread.
    int inline = 16 << 10;
    return new IngestLimits(
        compressed,
        decompressed,
        series,
        samples,
        labels,
        nameLength,
        valueLength,
        jsonDepth,
        jsonString,
        events,
        inline);
  }

  /** A copy with another compressed body limit. */
  public IngestLimits withMaxCompressedBodyBytes(long v) {
    return new IngestLimits(
        v,
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

  /** A copy with another decompressed body limit. */
  public IngestLimits withMaxDecompressedBodyBytes(long v) {
    return new IngestLimits(
        maxCompressedBodyBytes,
        v,
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

  /** A copy with other series and sample limits. */
  public IngestLimits withMaxSeriesAndSamples(int series, long samples) {
    return new IngestLimits(
        maxCompressedBodyBytes,
        maxDecompressedBodyBytes,
        series,
        samples,
        maxLabelsPerSeries,
        maxLabelNameLength,
        maxLabelValueLength,
        maxJsonNestingDepth,
        maxJsonStringLength,
        maxEventsPerRequest,
        inlineDecodeMaxBytes);
  }

  /** A copy with another events-per-request limit. */
  public IngestLimits withMaxEventsPerRequest(int v) {
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
        v,
        inlineDecodeMaxBytes);
  }

  /** A copy with another inline-decoding threshold (0 sends every body to a worker). */
  public IngestLimits withInlineDecodeMaxBytes(int v) {
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
        v);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
