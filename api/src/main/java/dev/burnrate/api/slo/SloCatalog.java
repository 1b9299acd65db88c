package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.BudgetAdjustment;
import dev.burnrate.slo.definition.SloFiles;
import dev.burnrate.slo.definition.SloLoadResult;
import dev.burnrate.slo.definition.SloSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running set of SLOs, read from the configured files. A reload with errors keeps the running
 * set; a clean one replaces it and tells every listener (engine, ingest matching, bridge).
 */
public final class SloCatalog {
  private static final Logger log = LoggerFactory.getLogger(SloCatalog.class);

  private final List<Path> paths;
  private final Function<List<Path>, SloLoadResult> loader;
  private final List<Consumer<List<SloSpec>>> listeners = new CopyOnWriteArrayList<>();
  private volatile Map<String, SloSpec> byName = Map.of();
  private volatile List<SloSpec> specs = List.of();
  private volatile boolean loaded;
  private volatile List<BudgetAdjustment> adjustments = List.of();

  private SloCatalog(List<Path> paths, Function<List<Path>, SloLoadResult> loader) {
    this.paths = List.copyOf(paths);
    this.loader = requireNonNull(loader, "loader");
  }

  /** A catalog of the SLO files and directories at {@code paths}, read with {@link SloFiles}. */
  public static SloCatalog of(List<Path> paths) {
    return new SloCatalog(paths, SloFiles::load);
  }

  /** What a reload did. */
  public record Reload(
      SloLoadResult result, boolean applied, List<String> added, List<String> removed) {
    /** Copies the lists. */
    public Reload {
      requireNonNull(result, "result");
      added = List.copyOf(added);
      removed = List.copyOf(removed);
    }
  }

  /**
   * Reads the files again; applies the result only when it has no errors. Listeners are called on
   * this thread, after the new set is in place.
   */
  public synchronized Reload reload() {
    SloLoadResult result = loader.apply(paths);
    if (!result.valid()) {
      result.errors().forEach(e -> log.warn("SLO file error: {}", e.format()));
      if (loaded) {
        log.warn(
            "SLO reload found {} errors; keeping the {} running SLOs",
            result.errors().size(),
            specs.size());
      } else {
        log.warn("the SLO files have {} errors", result.errors().size());
      }
      return new Reload(result, false, List.of(), List.of());
    }
    result.warnings().forEach(w -> log.info("SLO file warning: {}", w.format()));
    Map<String, SloSpec> next =
        result.slos().stream()
            .collect(Collectors.toUnmodifiableMap(SloSpec::name, s -> s, (a, b) -> a));
    List<String> added = new ArrayList<>();
    for (String name : next.keySet()) {
      if (!byName.containsKey(name)) {
        added.add(name);
      }
    }
    List<String> removed = new ArrayList<>();
    for (String name : byName.keySet()) {
      if (!next.containsKey(name)) {
        removed.add(name);
      }
    }
    added.sort(null);
    removed.sort(null);
    byName = next;
    specs = result.slos().stream().sorted(Comparator.comparing(SloSpec::name)).toList();
    adjustments = result.adjustments();
    loaded = true;
    log.info(
        "loaded {} SLOs from {} ({} added, {} removed)",
        specs.size(),
        paths,
        added.size(),
        removed.size());
    for (Consumer<List<SloSpec>> l : listeners) {
      l.accept(specs);
    }
    return new Reload(result, true, added, removed);
  }

  /**
   * Starts polling the files every {@code interval} and reloading when they change; closing the
   * result stops it.
   */
  public AutoCloseable watch(Duration interval) {
    SloFileWatcher watcher = new SloFileWatcher(this);
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("burnrate-slo-watch").daemon().factory());
    long ms = interval.toMillis();
    executor.scheduleWithFixedDelay(watcher::poll, ms, ms, TimeUnit.MILLISECONDS);
    return executor::shutdownNow;
  }

  /** Calls {@code listener} with the whole new set after every applied reload. */
  public void onChange(Consumer<List<SloSpec>> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** The running SLOs, by name. */
  public List<SloSpec> specs() {
    return specs;
  }

  /** The running SLO with this name. */
  public Optional<SloSpec> spec(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The budget adjustments the running files define. */
  public List<BudgetAdjustment> adjustments() {
    return adjustments;
  }

  /** Whether a load has succeeded. */
  public boolean loaded() {
    return loaded;
  }

  /** The files and directories read. */
  public List<Path> paths() {
    return paths;
  }
}
