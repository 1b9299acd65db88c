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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * dev.burnrate.bench.ingest.EventsDecodeCpu [warm-up requests] [measured requests] [rounds]
 * [escaped] [cold]} (defaults 20000, 20000, 5, false, false; 1,000 events per request, 100 SLOs).
 * With {@code escaped} true every route is written {@code "\/..."}, the same text with a JSON
 * escape, which the plain reader leaves to Jackson. With {@code cold} true every route starts with
 * the request's number ({@code /00000042/...}, rewritten before each request, untimed), so no label
 * set comes back from an earlier request.
 */
public final class EventsDecodeCpu {
  private static final int EVENTS_PER_REQUEST = 1_000;
  private static final int BODIES = 64;
  private static final int SLOS = 100;
  // Digits of the request counter in every route of the cold bodies.
  private static final int COUNTER = 8;

  private EventsDecodeCpu() {}

  /** Prints CPU time and allocation per event for each phase, per round and the best round. */
  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    boolean escaped = args.length > 3 && Boolean.parseBoolean(args[3]);
    boolean cold = args.length > 4 && Boolean.parseBoolean(args[4]);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) threads;
    long self = Thread.currentThread().threadId();

    long ts = Instant.parse("2026-11-24T14:00:00Z").toEpochMilli();
    List<byte[]> bodies = Payloads.eventBodies(BODIES, EVENTS_PER_REQUEST, ts, 42);
    List<byte[]> rewritten = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      String body = new String(bodies.get(i), StandardCharsets.UTF_8);
      if (cold) {
        body = body.replace("\"route\":\"/", "\"route\":\"/" + "0".repeat(COUNTER) + "/");
      }
      if (escaped) {
        body = body.replace("\"route\":\"/", "\"route\":\"\\/");
      }
      rewritten.add(body.getBytes(StandardCharsets.UTF_8));
    }
    bodies = rewritten;
    SelectorIndex index = SelectorIndex.of(BenchSlos.of(SLOS));
    IngestLimits limits = IngestLimits.defaults();
    JsonFactory json = BoundedJson.factory(limits);
    Clock clock = Clock.fixed(Instant.ofEpochMilli(ts), ZoneOffset.UTC);
    long kib = bodies.stream().mapToLong(b -> b.length).sum() / bodies.size() / 1024;

    // For cold: where each body's route counters are, rewritten before each request (untimed).
    int[][] counters = new int[bodies.size()][];
    for (int i = 0; i < bodies.size() && cold; i++) {
      counters[i] = counterPositions(bodies.get(i));
    }
    long request = 0;
    long checksum = 0;
    for (int i = 0; i < warmup; i++) {
      if (cold) {
        setCounters(bodies.get(i % BODIES), counters[i % BODIES], request++);
      }
      checksum += once(bodies.get(i % BODIES), json, limits, clock, index).matchedSamples;
    }
    System.out.printf(
        "%d events per request (%d KiB%s), %d SLOs (%d selectors%s); %d warm-up requests, then"
            + " %d rounds of %d%n",
        EVENTS_PER_REQUEST,
        kib,
        escaped ? ", routes escaped" : "",
        SLOS,
        index.selectorCount(),
        cold ? ", label sets new to each request" : "",
        warmup,
        rounds,
        measured);
    double[] best = null;
    for (int r = 0; r < rounds; r++) {
      long decodeCpu = 0;
      long matchCpu = 0;
      long buildCpu = 0;
      long a0 = alloc.getThreadAllocatedBytes(self);
      for (int i = 0; i < measured; i++) {
        byte[] body = bodies.get(i % BODIES);
        if (cold) {
          setCounters(body, counters[i % BODIES], request++);
        }
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

  private static int[] counterPositions(byte[] body) {
    byte[] marker = ("\"route\":\"/").getBytes(StandardCharsets.UTF_8);
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i + marker.length <= body.length; i++) {
      if (java.util.Arrays.equals(body, i, i + marker.length, marker, 0, marker.length)) {
        at.add(i + marker.length);
      }
    }
    return at.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void setCounters(byte[] body, int[] positions, long request) {
    for (int p : positions) {
      long v = request;
      for (int d = COUNTER - 1; d >= 0; d--) {
        body[p + d] = (byte) ('0' + v % 10);
        v /= 10;
      }
    }
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
