package dev.burnrate.ingest.store;

import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.AlertTransition;
import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.slo.engine.SloStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** An engine that only sums what it is fed, per SLO, to check the feeder; thread-safe. */
final class RecordingEngine implements SloEngine {
  private final Map<String, double[]> sums = new HashMap<>();
  private final Map<String, SloSpec> loaded = new HashMap<>();
  private long records;

  @Override
  public synchronized void load(Collection<SloSpec> specs) {
    Set<String> names = specs.stream().map(SloSpec::name).collect(Collectors.toSet());
    loaded.keySet().retainAll(names);
    sums.keySet().retainAll(names);
    for (SloSpec s : specs) {
      SloSpec old = loaded.put(s.name(), s);
      if (old != null && (!old.sli().equals(s.sli()) || !old.window().equals(s.window()))) {
        sums.remove(s.name());
      }
    }
  }

  @Override
  public synchronized void record(String slo, Instant timestamp, double good, double total) {
    if (!loaded.containsKey(slo)) {
      return;
    }
    double[] sum = sums.computeIfAbsent(slo, k -> new double[2]);
    sum[0] += good;
    sum[1] += total;
    records++;
  }

  /** The good and total fed for an SLO, zeros when none. */
  synchronized double[] sums(String slo) {
    double[] s = sums.get(slo);
    return s == null ? new double[] {0, 0} : s.clone();
  }

  synchronized long records() {
    return records;
  }

  @Override
  public List<AlertTransition> evaluate() {
    return List.of();
  }

  @Override
  public Optional<SloStatus> status(String slo) {
    return Optional.empty();
  }

  @Override
  public List<SloStatus> statuses() {
    return List.of();
  }
}
