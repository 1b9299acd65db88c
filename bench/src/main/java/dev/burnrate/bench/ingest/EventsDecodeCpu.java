package dev.burnrate.bench.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import dev.burnrate.ingest.events.EventSeries;
import dev.burnrate.ingest.events.EventsDecoder;
import dev.burnrate.ingest.events.RequestEvent;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The CPU an events request costs in the JVM, without HTTP and the store: decoding an NDJSON body
 * of {@link Payloads#eventBodies}, matching it against {@link BenchSlos}' index and building the
 * batch, as {@code IngestRoutes} does for {@code POST /api/v1/events}. Timed by the thread's CPU
 * time, so it is the cost on one core whatever else the machine runs; the thread's allocation is
 * reported too, since the garbage collector's work (on other threads) grows with it.
 *
 * <p>Run: {@code java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar
 * dev.burnrate.bench.ingest.EventsDecodeCpu [warm-up requests] [measured requests] [rounds]}
 * (defaults 20000, 20000, 5; 1,000 events per request, 100 SLOs).
 */
public final class EventsDecodeCpu {
  private static final int EVENTS_PER_REQUEST = 1_000;
  private static final int BODIES = 64;
  private static final int SLOS = 100;

  private EventsDecodeCpu() {}

  /** Prints CPU time and allocation per event for each phase, per round and the best round. */
  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) threads;
    long self = Thread.currentThread().threadId();

    long ts = Instant.parse("2026-11-24T14:00:00Z").toEpochMilli();
    List<byte[]> bodies = Payloads.eventBodies(BODIES, EVENTS_PER_REQUEST, ts, 42);
    SelectorIndex index = SelectorIndex.of(BenchSlos.of(SLOS));
    IngestLimits limits = IngestLimits.defaults();
    JsonFactory json = BoundedJson.factory(limits);
    Clock clock = Clock.fixed(Instant.ofEpochMilli(ts), ZoneOffset.UTC);
    long kib = bodies.stream().mapToLong(b -> b.length).sum() / bodies.size() / 1024;

    long checksum = 0;
    for (int i = 0; i < warmup; i++) {
      checksum += once(bodies.get(i % BODIES), json, limits, clock, index).matchedSamples;
    }
    System.out.printf(
        "%d events per request (%d KiB), %d SLOs (%d selectors); %d warm-up requests, then %d"
            + " rounds of %d%n",
        EVENTS_PER_REQUEST, kib, SLOS, index.selectorCount(), warmup, rounds, measured);
    double[] best = null;
    for (int r = 0; r < rounds; r++) {
      long decodeCpu = 0;
      long matchCpu = 0;
      long buildCpu = 0;
      long a0 = alloc.getThreadAllocatedBytes(self);
      for (int i = 0; i < measured; i++) {
        byte[] body = bodies.get(i % BODIES);
        long c0 = threads.getCurrentThreadCpuTime();
        List<RequestEvent> events = EventsDecoder.decode(body, json, limits, clock);
        long c1 = threads.getCurrentThreadCpuTime();
        BatchBuilder out = new BatchBuilder();
        EventSeries.match(events, index, out);
        long c2 = threads.getCurrentThreadCpuTime();
        IngestBatch batch = out.build(Optional.empty(), events.size());
        long c3 = threads.getCurrentThreadCpuTime();
        decodeCpu += c1 - c0;
        matchCpu += c2 - c1;
        buildCpu += c3 - c2;
        checksum += batch.series().size();
      }
      long bytes = alloc.getThreadAllocatedBytes(self) - a0;
      double n = (double) measured * EVENTS_PER_REQUEST;
      double[] row = {
        decodeCpu / n, matchCpu / n, buildCpu / n, (decodeCpu + matchCpu + buildCpu) / n, bytes / n
      };
      print("round " + (r + 1), row);
      if (best == null || row[3] < best[3]) {
        best = row;
      }
    }
    print("best   ", best);
    Result check = once(bodies.get(0), json, limits, clock, index);
    System.out.printf(
        "first body: %d matched series, %d matched samples (checksum %d)%n",
        check.matchedSeries, check.matchedSamples, checksum);
  }

  private record Result(int matchedSeries, long matchedSamples) {}

  private static Result once(
      byte[] body, JsonFactory json, IngestLimits limits, Clock clock, SelectorIndex index) {
    List<RequestEvent> events = EventsDecoder.decode(body, json, limits, clock);
    BatchBuilder out = new BatchBuilder();
    EventSeries.match(events, index, out);
    IngestBatch batch = out.build(Optional.empty(), events.size());
    long samples = 0;
    for (MatchedSeries s : batch.series()) {
      samples += s.size();
    }
    return new Result(batch.series().size(), samples);
  }

  private static void print(String what, double[] row) {
    System.out.printf(
        "%s: CPU ns per event: decode %.0f, match %.0f, build %.0f, total %.0f;"
            + " allocated %.0f bytes per event%n",
        what, row[0], row[1], row[2], row[3], row[4]);
  }
}
