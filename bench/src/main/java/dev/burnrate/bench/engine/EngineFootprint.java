package dev.burnrate.bench.engine;

import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.EngineSettings;
import dev.burnrate.slo.engine.SloEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.List;

/**
 * Measures the heap an engine retains per SLO with 30 days of history: used heap after a full GC,
 * before and after building the engine, divided by the number of SLOs.
 *
 * <p>Run: {@code java -XX:+UseSerialGC -Xmx2g -cp bench/target/benchmarks.jar
 * dev.burnrate.bench.engine.EngineFootprint [slos] [whole|fractional]}: with whole numbers of
 * events (the default, as counted events are) or fractional ones.
 */
public final class EngineFootprint {
  private EngineFootprint() {}

  /** Prints bytes per SLO, with and without the SLO specs themselves. */
  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    boolean whole = args.length < 2 || args[1].equals("whole");
    if (args.length >= 2 && !whole && !args[1].equals("fractional")) {
      throw new IllegalArgumentException("counts must be whole or fractional, got " + args[1]);
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    long empty = usedAfterGc(memory);
    List<SloSpec> specs = EngineFixture.specs(count);
    long withSpecs = usedAfterGc(memory);
    BenchClock clock = new BenchClock(EngineFixture.NOW);
    SloEngine engine = SloEngine.create(clock, EngineSettings.defaults());
    engine.load(specs);
    EngineFixture.fillHistory(engine, specs, EngineFixture.NOW, 42, whole);
    engine.evaluate();
    long withEngine = usedAfterGc(memory);

    double specBytes = (double) (withSpecs - empty) / count;
    double engineBytes = (double) (withEngine - withSpecs) / count;
    System.out.printf("SLOs: %d, %s counts%n", count, whole ? "whole" : "fractional");
    System.out.printf(
        "engine state per SLO (buckets, windows, alerts, snapshot): %.0f bytes = %.2f KiB%n",
        engineBytes, engineBytes / 1024);
    System.out.printf("SloSpec per SLO (built by the loader): %.0f bytes%n", specBytes);
    System.out.printf(
        "total per SLO: %.0f bytes = %.2f KiB%n",
        engineBytes + specBytes, (engineBytes + specBytes) / 1024);
    Reference.reachabilityFence(engine);
    Reference.reachabilityFence(specs);
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    // Several rounds until the number settles: one System.gc() may leave floating garbage.
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
