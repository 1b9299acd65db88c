package dev.burnrate.bench.engine;

import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.AlertTransition;
import dev.burnrate.slo.engine.EngineSettings;
import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.slo.engine.SloStatus;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One evaluation tick of many SLOs, each holding 30 days of history in every window.
 *
 * <p>Before every tick the clock moves one minute and every SLO records that minute, as ingest
 * does; so each tick slides every minute window by one bucket (and every hour window once an hour),
 * the worst case for ticks at most a minute apart.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class EngineTickBenchmark {

  @Param("10000")
  public int slos;

  @Param({"true", "false"})
  public boolean ingest;

  private BenchClock clock;
  private SloEngine engine;
  private List<SloSpec> specs;
  private SplittableRandom random;

  /** Builds the engine and fills 30 days of history for every SLO. */
  @Setup(Level.Trial)
  public void build() {
    clock = new BenchClock(EngineFixture.NOW);
    engine = SloEngine.create(clock, EngineSettings.defaults());
    specs = EngineFixture.specs(slos);
    engine.load(specs);
    EngineFixture.fillHistory(engine, specs, EngineFixture.NOW, 42);
    engine.evaluate();
    random = new SplittableRandom(7);
  }

  /** Moves the clock a minute and, with {@code ingest}, records that minute for every SLO. */
  @Setup(Level.Invocation)
  public void nextMinute() {
    clock.advance(Duration.ofMinutes(1));
    if (!ingest) {
      return;
    }
    long minute = clock.instant().getEpochSecond() / 60;
    for (int s = 0; s < specs.size(); s++) {
      double bad = EngineFixture.badPerThousand(s, minute, random);
      engine.record(specs.get(s).name(), clock.instant(), 1_000 - bad, 1_000);
    }
  }

  /** One full evaluation tick. */
  @Benchmark
  public List<AlertTransition> tick() {
    return engine.evaluate();
  }

  /** Building every SLO's status record, as the API does when it lists all SLOs. */
  @Benchmark
  public List<SloStatus> allStatuses() {
    return engine.statuses();
  }
}
