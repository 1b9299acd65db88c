package dev.burnrate.slo.engine;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.BudgetAdjustment;
import dev.burnrate.slo.definition.SloGroups;
import dev.burnrate.slo.definition.SloSpec;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SLO engine: per-SLO minute and hour buckets with running window sums, evaluated on demand.
 *
 * <p>Locking: every SLO's state is guarded by its own monitor, held only for one record, one SLO's
 * evaluation or one status; ingest threads recording into different SLOs never contend. {@link
 * #evaluate()} and {@link #load} are serialized with each other by a separate lock that records
 * never take.
 */
final class BucketedSloEngine implements SloEngine {
  private final Clock clock;
  private final EngineSettings settings;
  private final Object tickLock = new Object();
  // Guards every change of the registry: a load, and the creation of a group's instance by a
  // record (which must not wait for a tick). Taken after tickLock, never before it.
  private final Object registryLock = new Object();
  private final Map<String, LongAdder> overLimit = new ConcurrentHashMap<>();
  private volatile Registry registry = Registry.of(new TreeMap<>());
  private volatile List<BudgetAdjustment> adjustments = List.of();

  /**
   * The SLOs by name (instances of grouped SLOs included) for record()'s lookups, the same in name
   * order, and the number of instances of each grouped SLO. A load replaces the whole registry; a
   * new instance is added to it in place (O(log n), under registryLock), so that creating many
   * groups costs no copy of the set each.
   */
  private record Registry(
      Map<String, SloState> byName,
      ConcurrentSkipListMap<String, SloState> sorted,
      Map<String, Integer> groupCounts) {

    static Registry of(TreeMap<String, SloState> states) {
      Map<String, Integer> counts = new HashMap<>();
      for (SloState s : states.values()) {
        SloGroups.parentOf(s.spec.name())
            .filter(p -> states.containsKey(p) && states.get(p).spec.grouped())
            .ifPresent(p -> counts.merge(p, 1, Integer::sum));
      }
      return new Registry(
          new ConcurrentHashMap<>(states), new ConcurrentSkipListMap<>(states), counts);
    }

    /** Every SLO in name order (a weakly consistent view: an instance added meanwhile may show). */
    Collection<SloState> ordered() {
      return sorted.values();
    }

    /** Adds a new instance; the caller holds registryLock. */
    void add(SloState instance, String parent) {
      byName.put(instance.spec.name(), instance);
      sorted.put(instance.spec.name(), instance);
      groupCounts.merge(parent, 1, Integer::sum);
    }
  }

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
      synchronized (registryLock) {
        loadLocked(wanted);
      }
    }
  }

  private void loadLocked(TreeMap<String, SloSpec> wanted) {
    Instant now = clock.instant();
    Map<String, SloState> old = registry.byName();
    // The instances of a grouped SLO that stays grouped by the same labels stay, as its spec
    // says now (up to the limit, in name order).
    Map<String, Integer> kept = new HashMap<>();
    for (SloState s : registry.ordered()) {
      String name = s.spec.name();
      Optional<String> parentName = SloGroups.parentOf(name);
      if (parentName.isEmpty() || wanted.containsKey(name)) {
        continue;
      }
      SloSpec parent = wanted.get(parentName.get());
      if (parent == null || !parent.grouped()) {
        continue;
      }
      Optional<List<String>> values = SloGroups.values(name, parent);
      if (values.isPresent()
          && kept.merge(parent.name(), 1, Integer::sum) <= settings.maxGroupsPerSlo()) {
        wanted.put(name, SloGroups.instance(parent, values.get()));
      }
    }
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
    registry = Registry.of(next);
  }

  @Override
  public void adjust(Collection<BudgetAdjustment> next) {
    requireNonNull(next, "adjustments");
    synchronized (tickLock) {
      synchronized (registryLock) {
        adjustments = List.copyOf(next);
        for (SloState state : registry.ordered()) {
          synchronized (state) {
            state.exclude(excludedMinutes(state.spec, adjustments));
          }
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
    MinuteBucket.requireFinite(good, "good");
    MinuteBucket.requireFinite(total, "total");
    SloState state = registry.byName().get(slo);
    if (state == null) {
      state = newInstance(slo);
    }
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

  /**
   * The state of a new instance of a grouped SLO named {@code slo}, created now; null when the name
   * is no instance of a loaded grouped SLO, or when that SLO has its limit of instances (counted).
   */
  private SloState newInstance(String slo) {
    Optional<String> parentName = SloGroups.parentOf(slo);
    if (parentName.isEmpty()) {
      return null;
    }
    synchronized (registryLock) {
      Registry r = registry;
      SloState existing = r.byName().get(slo);
      if (existing != null) {
        return existing;
      }
      SloState parent = r.byName().get(parentName.get());
      if (parent == null || !parent.spec.grouped()) {
        return null;
      }
      Optional<List<String>> values = SloGroups.values(slo, parent.spec);
      if (values.isEmpty()) {
        return null;
      }
      if (r.groupCounts().getOrDefault(parent.spec.name(), 0) >= settings.maxGroupsPerSlo()) {
        overLimit.computeIfAbsent(parent.spec.name(), k -> new LongAdder()).increment();
        return null;
      }
      SloSpec spec = SloGroups.instance(parent.spec, values.get());
      SloState state = new SloState(spec, settings, clock.instant());
      state.exclude(excludedMinutes(spec, adjustments));
      r.add(state, parent.spec.name());
      return state;
    }
  }

  @Override
  public Optional<SloSpec> spec(String slo) {
    SloState state = registry.byName().get(requireNonNull(slo, "slo"));
    return state == null ? Optional.empty() : Optional.of(state.spec);
  }

  @Override
  public List<SloSpec> groups(String slo) {
    Registry r = registry;
    SloState parent = r.byName().get(requireNonNull(slo, "slo"));
    if (parent == null || !parent.spec.grouped()) {
      return List.of();
    }
    List<SloSpec> out = new ArrayList<>();
    // Instance names start with "slo{"; '|' is the character after '{'.
    for (SloState s : r.sorted().subMap(slo + "{", slo + "|").values()) {
      if (SloGroups.values(s.spec.name(), parent.spec).isPresent()) {
        out.add(s.spec);
      }
    }
    return out;
  }

  @Override
  public long groupsOverLimit(String slo) {
    LongAdder n = overLimit.get(requireNonNull(slo, "slo"));
    return n == null ? 0 : n.sum();
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
  public List<String> groupedSlos() {
    return registry.ordered().stream()
        .filter(s -> s.spec.grouped())
        .map(s -> s.spec.name())
        .toList();
  }

  @Override
  public List<SloStatus> statuses() {
    Collection<SloState> states = registry.ordered();
    List<SloStatus> out = new ArrayList<>(states.size());
    for (SloState state : states) {
      synchronized (state) {
        out.add(state.status());
      }
    }
    return out;
  }
}
