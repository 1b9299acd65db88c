package dev.burnrate.bench.engine;

import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.EngineSettings;
import dev.burnrate.slo.engine.SloEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * The ingest path: one {@code record()} into one of many SLOs that hold 30 days of history, for the
 * current minute ({@code now}) or for a bucket two days old ({@code late}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class EngineRecordBenchmark {

  @Param("10000")
  public int slos;

  private SloEngine engine;
  private String[] names;
  private Instant now;
  private Instant late;
  private int next;

  /** Builds the engine and fills 30 days of history for every SLO. */
  @Setup(Level.Trial)
  public void build() {
    BenchClock clock = new BenchClock(EngineFixture.NOW);
    engine = SloEngine.create(clock, EngineSettings.defaults());
    List<SloSpec> specs = EngineFixture.specs(slos);
    engine.load(specs);
    EngineFixture.fillHistory(engine, specs, EngineFixture.NOW, 42);
    names = specs.stream().map(SloSpec::name).toArray(String[]::new);
    now = EngineFixture.NOW;
    late = EngineFixture.NOW.minus(Duration.ofDays(2));
  }

  /** One record for the current minute, into the SLOs in turn. */
  @Benchmark
  public void recordNow() {
    engine.record(names[next], now, 999, 1000);
    next = next + 1 == names.length ? 0 : next + 1;
  }

  /** One record for a bucket two days old (hour resolution), into the SLOs in turn. */
  @Benchmark
  public void recordLate() {
    engine.record(names[next], late, 999, 1000);
    next = next + 1 == names.length ? 0 : next + 1;
  }
}
