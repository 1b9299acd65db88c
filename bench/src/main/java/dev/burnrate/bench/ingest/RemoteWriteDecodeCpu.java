package dev.burnrate.bench.ingest;

import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.remotewrite.RemoteWriteDecoder;
import dev.burnrate.ingest.remotewrite.SnappyBlock;
import dev.burnrate.ingest.store.internal.AppendPlan;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The CPU cost of one remote_write request body in isolation, without HTTP or the store: {@link
 * SnappyBlock#decompress} then {@link RemoteWriteDecoder#decode} (with building the batch), then
 * the writer's first step in log mode ({@link AppendPlan}'s series hashes), on the bodies the
 * ingest load benchmark sends ({@link Payloads}: 2,000 series of 7 labels, one sample each, 5%
 * selected by {@link BenchSlos}, or the given share). Timed by the thread's CPU time, so it is the
 * cost on one core even on a shared machine.
 *
 * <p>Run: {@code java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar
 * dev.burnrate.bench.ingest.RemoteWriteDecodeCpu [warm-up rounds] [measured rounds] [series per
 * request] [slos] [selected share]}; a round decodes every body once (16 lanes x 8 requests).
 */
public final class RemoteWriteDecodeCpu {
  private static final int LANES = 16;
  private static final int REQUESTS_PER_LANE = 8;

  private RemoteWriteDecodeCpu() {}

  /** Prints CPU ns per sample for snappy, for decoding, and in all, per measured round. */
  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int seriesPerRequest = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    int slos = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    double selectedShare = args.length > 4 ? Double.parseDouble(args[4]) : 0.05;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    SelectorIndex index = SelectorIndex.of(BenchSlos.of(slos));
    IngestLimits limits = IngestLimits.defaults();
    long base = 1_700_000_000_000L;
    byte[][] bodies = new byte[LANES * REQUESTS_PER_LANE][];
    long compressedBytes = 0;
    for (int lane = 0; lane < LANES; lane++) {
      byte[][] series = Payloads.laneSeries(lane, seriesPerRequest, selectedShare, slos);
      for (int k = 0; k < REQUESTS_PER_LANE; k++) {
        byte[] body = Payloads.writeRequest(series, k + 1, base);
        bodies[lane * REQUESTS_PER_LANE + k] = body;
        compressedBytes += body.length;
      }
    }

    double[] snappyNs = new double[measured];
    double[] decodeNs = new double[measured];
    double[] planNs = new double[measured];
    double[] totalNs = new double[measured];
    long samplesPerRound = 0;
    long matched = 0;
    long sink = 0;
    long decodedBytes = 0;
    for (int round = 0; round < warmup + measured; round++) {
      long snappy = 0;
      long decode = 0;
      long plan = 0;
      long samples = 0;
      for (byte[] body : bodies) {
        long c0 = threads.getCurrentThreadCpuTime();
        byte[] pb = SnappyBlock.decompress(body, limits.maxDecompressedBodyBytes());
        long c1 = threads.getCurrentThreadCpuTime();
        BatchBuilder out = new BatchBuilder(RemoteWriteDecoder.expectedSeries(pb));
        RemoteWriteDecoder.Decoded d = RemoteWriteDecoder.decode(pb, limits, index, out);
        IngestBatch batch = out.build(Optional.empty(), d.samples());
        matched += batch.series().size();
        long c2 = threads.getCurrentThreadCpuTime();
        // What the writer does first with a batch in log mode: the series' hashes.
        sink += new AppendPlan(List.of(batch)).batches().size();
        long c3 = threads.getCurrentThreadCpuTime();
        snappy += c1 - c0;
        decode += c2 - c1;
        plan += c3 - c2;
        samples += d.samples();
        if (round == 0) {
          decodedBytes += pb.length;
        }
      }
      samplesPerRound = samples;
      if (round >= warmup) {
        snappyNs[round - warmup] = (double) snappy / samples;
        decodeNs[round - warmup] = (double) decode / samples;
        planNs[round - warmup] = (double) plan / samples;
        totalNs[round - warmup] = (double) (snappy + decode + plan) / samples;
      }
    }
    System.out.printf(
        "bodies: %d of %d series (%.1f KiB compressed, %.1f KiB decoded on average), %d SLOs,"
            + " matched series per round %d; %d warm-up + %d measured rounds of %d samples%n",
        bodies.length,
        seriesPerRequest,
        compressedBytes / 1024.0 / bodies.length,
        decodedBytes / 1024.0 / bodies.length,
        slos,
        matched / (warmup + measured),
        warmup,
        measured,
        samplesPerRound);
    print("snappy", snappyNs);
    print("decode", decodeNs);
    print("hash  ", planNs);
    print("total ", totalNs);
    if (sink == 42) {
      System.out.println();
    }
  }

  private static void print(String what, double[] nsPerSample) {
    double[] sorted = nsPerSample.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%s: CPU ns per sample: mean %.1f, min %.1f, p50 %.1f, p90 %.1f%n",
        what,
        Arrays.stream(sorted).average().orElse(0),
        sorted[0],
        sorted[sorted.length / 2],
        sorted[(int) (sorted.length * 0.9)]);
  }
}
