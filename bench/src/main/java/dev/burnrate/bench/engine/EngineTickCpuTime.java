package dev.burnrate.bench.engine;

import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.EngineSettings;
import dev.burnrate.slo.engine.MinuteBucket;
import dev.burnrate.slo.engine.SloEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The same tick as {@link EngineTickBenchmark}, timed by the evaluating thread's CPU time as well
 * as by the wall clock: on a machine shared with other work, CPU time is the cost on one core, wall
 * time also counts the time the thread waited for a core.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar
 * dev.burnrate.bench.engine.EngineTickCpuTime [slos] [warmup ticks] [measured ticks] [ingest]
 * [changed]} ({@code ingest} true by default: every SLO records each minute before the tick). With
 * {@code changed} (a fraction, such as 0.01) each step evaluates only that share of the SLOs, drawn
 * at random, as {@code evaluate(slos)} does after a feed poll, instead of every SLO. With {@code
 * -Dcounts=whole} every count recorded is a whole number (as counted events are, so the buckets
 * stay {@code int}s); by default the good counts are fractional, as in the earlier runs.
 */
public final class EngineTickCpuTime {
  private EngineTickCpuTime() {}

  /** Prints CPU and wall time per tick (mean and percentiles) and CPU time per record. */
  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int measured = args.length > 2 ? Integer.parseInt(args[2]) : 600;
    boolean ingest = args.length <= 3 || Boolean.parseBoolean(args[3]);
    double changedShare = args.length > 4 ? Double.parseDouble(args[4]) : -1;
    boolean whole = System.getProperty("counts", "fractional").equals("whole");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    BenchClock clock = new BenchClock(EngineFixture.NOW);
    SloEngine engine = SloEngine.create(clock, EngineSettings.defaults());
    List<SloSpec> specs = EngineFixture.specs(count);
    engine.load(specs);
    EngineFixture.fillHistory(engine, specs, EngineFixture.NOW, 42, whole);
    SplittableRandom random = new SplittableRandom(7);

    // Once a minute the store supplies the minute buckets that left each SLO's long windows (1d,
    // 3d, 30d here): one per SLO and window, as the feeder's query returns them.
    List<java.time.Duration> longWindows = List.copyOf(engine.expiringWindows());
    long[] expireCpu = new long[measured];
    long[] recordCpu = new long[measured];
    long[] cpu = new long[measured];
    long[] wall = new long[measured];
    long transitions = 0;
    for (int i = 0; i < warmup + measured; i++) {
      clock.advance(Duration.ofMinutes(1));
      long minute = clock.instant().getEpochSecond() / 60;
      long r0 = threads.getCurrentThreadCpuTime();
      for (int s = 0; ingest && s < specs.size(); s++) {
        double drawn = EngineFixture.badPerThousand(s, minute, random);
        double bad = whole ? Math.floor(drawn) : drawn;
        engine.record(specs.get(s).name(), clock.instant(), 1_000 - bad, 1_000);
      }
      long e0 = threads.getCurrentThreadCpuTime();
      List<MinuteBucket> expired = new java.util.ArrayList<>(count * longWindows.size());
      for (int s = 0; ingest && s < specs.size(); s++) {
        for (java.time.Duration w : longWindows) {
          expired.add(new MinuteBucket(specs.get(s).name(), clock.instant().minus(w), 999, 1_000));
        }
      }
      long e1 = threads.getCurrentThreadCpuTime();
      engine.expire(clock.instant(), expired);
      long c0 = threads.getCurrentThreadCpuTime();
      if (i >= warmup) {
        recordCpu[i - warmup] = (e0 - r0) / count;
        expireCpu[i - warmup] = c0 - e1;
      }
      List<String> changed = null;
      if (changedShare >= 0) {
        changed = new java.util.ArrayList<>();
        for (int s = 0; s < specs.size(); s++) {
          if (random.nextDouble() < changedShare) {
            changed.add(specs.get(s).name());
          }
        }
        c0 = threads.getCurrentThreadCpuTime();
      }
      long w0 = System.nanoTime();
      transitions += (changed == null ? engine.evaluate() : engine.evaluate(changed)).size();
      long w1 = System.nanoTime();
      long c1 = threads.getCurrentThreadCpuTime();
      if (i >= warmup) {
        cpu[i - warmup] = c1 - c0;
        wall[i - warmup] = w1 - w0;
      }
    }
    System.out.printf(
        "SLOs: %d, ingest: %s, ticks: %d measured after %d warm-up, evaluated: %s%n",
        count,
        ingest,
        measured,
        warmup,
        changedShare < 0 ? "all" : changedShare + " of them, at random");
    print("CPU time per tick ", cpu);
    print("wall time per tick", wall);
    if (ingest) {
      System.out.printf(
          "CPU time per record() (the %d records before each tick): mean %.0f ns%n",
          count, Arrays.stream(recordCpu).average().orElse(0));
    }
    if (ingest) {
      System.out.printf(
          "CPU time per expire() (%d SLOs x %d long windows, once a minute): mean %.3f ms%n",
          count, longWindows.size(), Arrays.stream(expireCpu).average().orElse(0) / 1e6);
    }
    System.out.printf("alert transitions emitted: %d%n", transitions);
  }

  private static void print(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
    System.out.printf(
        "%s: mean %.3f ms, p50 %.3f ms, p90 %.3f ms, p99 %.3f ms%n",
        what,
        mean,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.9)] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6);
  }
}
