package dev.burnrate.slo.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.engine.AlertTransition;
import dev.burnrate.slo.engine.EngineSettings;
import dev.burnrate.slo.engine.MinuteBucket;
import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.slo.engine.SloStatus;
import dev.burnrate.slo.spec.BudgetAdjustment;
import dev.burnrate.slo.spec.SloSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The SLO engine: per-SLO minute and hour buckets with running window sums, evaluated on demand.
 *
 * <p>Locking: every SLO's state is guarded by its own monitor, held only for one record, one SLO's
 * evaluation or one status; ingest threads recording into different SLOs never contend. {@link
 * #evaluate()} and {@link #load} are serialized with each other by a separate lock that records
 * never take.
 */
public final class BucketedSloEngine implements SloEngine {
  private final Clock clock;
  private final EngineSettings settings;
  private final Object tickLock = new Object();
  private volatile Registry registry = new Registry(Collections.emptyMap(), new SloState[0]);
  private volatile List<BudgetAdjustment> adjustments = List.of();

  private record Registry(Map<String, SloState> byName, SloState[] ordered) {}

  /** An engine reading time from {@code clock}. */
  public BucketedSloEngine(Clock clock, EngineSettings settings) {
    this.clock = requireNonNull(clock, "clock");
    this.settings = requireNonNull(settings, "settings");
  }

  @Override
  public void load(Collection<SloSpec> specs) {
    requireNonNull(specs, "specs");
    TreeMap<String, SloSpec> wanted = new TreeMap<>();
    for (SloSpec spec : specs) {
      requireNonNull(spec, "spec");
      if (wanted.put(spec.name(), spec) != null) {
        throw new IllegalArgumentException("duplicate SLO name " + spec.name());
      }
    }
    synchronized (tickLock) {
      Instant now = clock.instant();
      Map<String, SloState> old = registry.byName();
      TreeMap<String, SloState> next = new TreeMap<>();
      for (SloSpec spec : wanted.values()) {
        SloState prev = old.get(spec.name());
        SloState state;
        if (prev == null) {
          state = new SloState(spec, settings, now);
        } else {
          synchronized (prev) {
            if (prev.spec.equals(spec)) {
              state = prev;
            } else {
              state = new SloState(spec, settings, now);
              if (SloState.keepsHistory(prev.spec, spec)) {
                state.takeHistoryFrom(prev, now);
              }
              prev.retire(state);
            }
          }
        }
        state.exclude(excludedMinutes(spec, adjustments));
        next.put(spec.name(), state);
      }
      for (Map.Entry<String, SloState> e : old.entrySet()) {
        if (!next.containsKey(e.getKey())) {
          synchronized (e.getValue()) {
            e.getValue().retire(null);
          }
        }
      }
      // A hash map for record()'s lookups on the ingest path; the array keeps the name order.
      registry =
          new Registry(
              Collections.unmodifiableMap(new HashMap<>(next)),
              next.values().toArray(SloState[]::new));
    }
  }

  @Override
  public void adjust(Collection<BudgetAdjustment> next) {
    requireNonNull(next, "adjustments");
    synchronized (tickLock) {
      adjustments = List.copyOf(next);
      for (SloState state : registry.ordered()) {
        synchronized (state) {
          state.exclude(excludedMinutes(state.spec, adjustments));
        }
      }
    }
  }

  @Override
  public List<BudgetAdjustment> adjustments() {
    return adjustments;
  }

  /** The minute intervals the adjustments leave out of one SLO, merged and sorted. */
  static long[] excludedMinutes(SloSpec spec, List<BudgetAdjustment> all) {
    List<long[]> ranges = new ArrayList<>();
    for (BudgetAdjustment a : all) {
      if (a.appliesTo(spec)) {
        ranges.add(new long[] {a.firstMinute(), a.endMinute()});
      }
    }
    if (ranges.isEmpty()) {
      return new long[0];
    }
    ranges.sort((x, y) -> Long.compare(x[0], y[0]));
    long[] out = new long[2 * ranges.size()];
    int n = 0;
    for (long[] r : ranges) {
      if (n > 0 && r[0] <= out[2 * n - 1]) {
        out[2 * n - 1] = Math.max(out[2 * n - 1], r[1]);
      } else {
        out[2 * n] = r[0];
        out[2 * n + 1] = r[1];
        n++;
      }
    }
    return java.util.Arrays.copyOf(out, 2 * n);
  }

  @Override
  public void record(String slo, Instant timestamp, double good, double total) {
    requireNonNull(slo, "slo");
    requireNonNull(timestamp, "timestamp");
    if (!Double.isFinite(good)) {
      throw new IllegalArgumentException("good must be finite, got " + good);
    }
    if (!Double.isFinite(total)) {
      throw new IllegalArgumentException("total must be finite, got " + total);
    }
    SloState state = registry.byName().get(slo);
    long ts = timestamp.getEpochSecond();
    while (state != null) {
      SloState next;
      synchronized (state) {
        if (!state.retired()) {
          state.record(clock.instant().getEpochSecond(), ts, good, total);
          return;
        }
        // A reload replaced this state after we looked it up: follow it to its successor.
        next = state.successor();
      }
      state = next;
    }
  }

  @Override
  public Set<Duration> expiringWindows() {
    Set<Long> minutes = new TreeSet<>();
    for (SloState state : registry.ordered()) {
      synchronized (state) {
        state.exactWindowMinutes(minutes);
      }
    }
    Set<Duration> out = new java.util.LinkedHashSet<>();
    for (long m : minutes) {
      out.add(Duration.ofMinutes(m));
    }
    return Collections.unmodifiableSet(out);
  }

  @Override
  public void expire(Instant through, Collection<MinuteBucket> buckets) {
    requireNonNull(through, "through");
    requireNonNull(buckets, "buckets");
    long t = Math.floorDiv(through.getEpochSecond(), 60);
    // Serialized with load and evaluate: a reload in between would see half the expired minutes.
    synchronized (tickLock) {
      Map<String, SloState> byName = registry.byName();
      for (MinuteBucket b : buckets) {
        SloState state = byName.get(b.slo());
        if (state != null) {
          synchronized (state) {
            state.expire(Math.floorDiv(b.start().getEpochSecond(), 60), b.good(), b.total(), t);
          }
        }
      }
      for (SloState state : registry.ordered()) {
        synchronized (state) {
          state.expiredThrough(t);
        }
      }
    }
  }

  @Override
  public List<AlertTransition> evaluate() {
    synchronized (tickLock) {
      Instant now = clock.instant();
      List<AlertTransition> out = new ArrayList<>();
      for (SloState state : registry.ordered()) {
        synchronized (state) {
          state.evaluate(now, out);
        }
      }
      return out;
    }
  }

  @Override
  public List<AlertTransition> evaluate(Collection<String> slos) {
    requireNonNull(slos, "slos");
    synchronized (tickLock) {
      Instant now = clock.instant();
      Map<String, SloState> byName = registry.byName();
      List<AlertTransition> out = new ArrayList<>();
      for (String name : slos) {
        SloState state = byName.get(name);
        if (state != null) {
          synchronized (state) {
            state.evaluate(now, out);
          }
        }
      }
      return out;
    }
  }

  @Override
  public Optional<SloStatus> status(String slo) {
    SloState state = registry.byName().get(requireNonNull(slo, "slo"));
    if (state == null) {
      return Optional.empty();
    }
    synchronized (state) {
      return Optional.of(state.status());
    }
  }

  @Override
  public List<SloStatus> statuses() {
    SloState[] states = registry.ordered();
    List<SloStatus> out = new ArrayList<>(states.length);
    for (SloState state : states) {
      synchronized (state) {
        out.add(state.status());
      }
    }
    return out;
  }
}
