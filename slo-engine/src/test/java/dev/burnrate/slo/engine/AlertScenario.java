package dev.burnrate.slo.engine;

import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Drives one SLO minute by minute: record that minute's traffic, then evaluate. */
final class AlertScenario {
  static final Instant T0 = Instant.parse("2026-05-04T00:00:00Z");

  final TestClock clock = TestClock.at(T0.plusSeconds(30));
  final SloEngine engine;
  final SloSpec spec;
  final List<AlertTransition> transitions = new ArrayList<>();

  AlertScenario(SloSpec spec, EngineSettings settings) {
    this.spec = spec;
    this.engine = SloEngine.create(clock, settings);
    engine.load(List.of(spec));
  }

  AlertScenario(SloSpec spec) {
    this(spec, EngineSettings.defaults());
  }

  /** Records traffic for the {@code length} up to and including the current minute. */
  AlertScenario history(Duration length, double burn) {
    Instant end =
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(60);
    Traffic.fill(engine, spec.name(), spec.objective(), end.minus(length), end, burn);
    transitions.addAll(engine.evaluate());
    return this;
  }

  /** Runs {@code minutes} ticks at {@code burn}; returns the transitions they emitted. */
  List<AlertTransition> run(int minutes, double burn) {
    List<AlertTransition> out = new ArrayList<>();
    double bad = Traffic.PER_MINUTE * burn * (1 - spec.objective());
    for (int m = 0; m < minutes; m++) {
      clock.advance(Duration.ofMinutes(1));
      engine.record(spec.name(), clock.instant(), Traffic.PER_MINUTE - bad, Traffic.PER_MINUTE);
      out.addAll(engine.evaluate());
    }
    transitions.addAll(out);
    return out;
  }

  /** Runs {@code minutes} ticks without any traffic. */
  List<AlertTransition> idle(int minutes) {
    List<AlertTransition> out = new ArrayList<>();
    for (int m = 0; m < minutes; m++) {
      clock.advance(Duration.ofMinutes(1));
      out.addAll(engine.evaluate());
    }
    transitions.addAll(out);
    return out;
  }

  SloStatus.AlertStatus alert(String name) {
    return engine.status(spec.name()).orElseThrow().alerts().stream()
        .filter(a -> a.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
