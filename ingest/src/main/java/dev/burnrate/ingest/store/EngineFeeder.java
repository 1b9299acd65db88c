package dev.burnrate.ingest.store;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.MinuteBucket;
import dev.burnrate.slo.engine.SloEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ObjLongConsumer;
import javax.sql.DataSource;

/**
 * Feeds an engine from the store: first the buckets of every SLO's window, then each committed
 * change exactly once.
 *
 * <p>Exactly once rests on transaction visibility, not on ids: every change row carries the id of
 * the transaction that wrote it ({@code xid}). The feeder remembers the snapshot ({@code
 * pg_current_snapshot()}) whose changes it has consumed. A poll takes a new snapshot and reads the
 * rows visible in it but not in the remembered one: exactly the transactions that committed in
 * between, whatever order their ids were drawn in. The rebuild reads buckets in one snapshot and
 * remembers that snapshot, so tailing continues where the rebuild ended. Not thread-safe: one
 * thread (the {@link EngineLeader}'s) drives it.
 *
 * <p>Every instance tails the log, and the leader prunes it: {@link #prune} deletes only what was
 * consumed {@link #PRUNE_RETENTION} ago and records how far it went in {@code sli_changes_horizon};
 * a feeder whose snapshot is older than that horizon (an instance that was cut off for longer)
 * cannot know what it missed and rebuilds from the buckets.
 */
final class EngineFeeder {
  private static final Duration PRUNE_INTERVAL = Duration.ofSeconds(30);

  /** How long a consumed change stays in the log for instances that poll later than the leader. */
  static final Duration PRUNE_RETENTION = Duration.ofMinutes(2);

  private final DataSource dataSource;
  private final SloEngine engine;
  private final Clock clock;

  private final StoredBuckets buckets;
  private final AtomicReference<List<SloSpec>> pendingSlos = new AtomicReference<>();
  private String consumed;
  // When the consumed snapshot was taken, by System.nanoTime, for the lag.
  private long consumedNanos;
  private long fedChanges;
  private long rebuilds;
  private Set<String> lastFed = Set.of();
  // The minute through which the engine has been given the minute buckets that left its long
  // windows (see SloEngine.expire), or NONE before a rebuild.
  private long expiredThrough = NONE;
  private long expiredBuckets;
  private final ChangeLogPruning pruning;
  private static final long NONE = Long.MIN_VALUE;
  private volatile ObjLongConsumer<FeedStage> timings = (stage, nanos) -> {};

  /**
   * At most this many minutes of expired buckets are read in one poll; a feeder further behind (the
   * clock jumped) rebuilds instead.
   */
  static final long MAX_EXPIRY_MINUTES = 60;

  EngineFeeder(DataSource dataSource, SloEngine engine, Collection<SloSpec> slos, Clock clock) {
    this(dataSource, engine, slos, clock, PRUNE_INTERVAL, PRUNE_RETENTION);
  }

  /**
   * A feeder that prunes every {@code pruneInterval} what it consumed {@code pruneRetention} ago.
   */
  EngineFeeder(
      DataSource dataSource,
      SloEngine engine,
      Collection<SloSpec> slos,
      Clock clock,
      Duration pruneInterval,
      Duration pruneRetention) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.pruning = new ChangeLogPruning(dataSource, pruneInterval, pruneRetention);
    this.engine = requireNonNull(engine, "engine");
    this.clock = requireNonNull(clock, "clock");
    this.buckets = new StoredBuckets(engine, byName(slos));
  }

  /**
   * Replaces the SLO set: the next poll applies it, reading from the buckets only the SLOs that are
   * new or whose SLI or window changed.
   */
  void updateSlos(Collection<SloSpec> specs) {
    pendingSlos.set(List.copyOf(specs));
  }

  /** Reports the time each stage of a poll took (nanoseconds). */
  void timings(ObjLongConsumer<FeedStage> timings) {
    this.timings = requireNonNull(timings, "timings");
  }

  /** Forgets what was fed, so the next poll rebuilds the engine. */
  void invalidate() {
    consumed = null;
  }

  /** Whether the next poll rebuilds the engine (first poll, after a failure, new SLOs). */
  boolean needsRebuild() {
    return consumed == null || pendingSlos.get() != null;
  }

  /** Whether the engine has been rebuilt and the feeder tails changes. */
  boolean tailing() {
    return consumed != null;
  }

  /** Whether a prune is running (on its own thread). */
  boolean pruning() {
    return pruning.running();
  }

  /** Change rows fed since the feeder was made. */
  long fedChanges() {
    return fedChanges;
  }

  /** The SLOs that the last poll fed changes to (every SLO after a rebuild). */
  Set<String> lastFed() {
    return lastFed;
  }

  /** Minute buckets read back from the store because they left a long window. */
  long expiredBuckets() {
    return expiredBuckets;
  }

  /** How many times the engine was rebuilt from the buckets. */
  long rebuilds() {
    return rebuilds;
  }

  /**
   * How far the engine lags behind the store at {@code nowNanos} (System.nanoTime): the age of the
   * snapshot whose commits it holds; null while it holds none.
   */
  Duration lag(long nowNanos) {
    return consumed == null ? null : Duration.ofNanos(Math.max(0, nowNanos - consumedNanos));
  }

  /**
   * Empties the engine, loads the SLOs and feeds each evaluable SLO's buckets over its window, all
   * read in one snapshot that tailing then continues from.
   */
  void rebuild() throws SQLException {
    consumed = null;
    List<SloSpec> pending = pendingSlos.getAndSet(null);
    if (pending != null) {
      buckets.slos(byName(pending));
    }
    try (Connection c = ChangeLog.snapshotConnection(dataSource)) {
      try {
        long taken = System.nanoTime();
        String snapshot = ChangeLog.currentSnapshot(c);
        // Taken before the SLOs are loaded: their long windows begin no earlier than this
        // minute, and every bucket from its lookback on is fed, so each minute that later
        // leaves a window was counted in it.
        Instant loadedAt = clock.instant();
        Instant minute = Instant.ofEpochSecond(Math.floorDiv(loadedAt.getEpochSecond(), 60) * 60);
        // An engine keeps the history of an SLO it already has; loading none first empties it.
        engine.load(List.of());
        engine.load(buckets.slos().values());
        buckets.countSkipped();
        for (SloSpec spec : buckets.slos().values()) {
          buckets.feedBuckets(c, spec, minute);
        }
        c.commit();
        // Nothing has left a window yet: this only makes the long windows exact from now on.
        engine.expire(minute, List.of());
        expiredThrough = Math.floorDiv(loadedAt.getEpochSecond(), 60);
        consumed = snapshot;
        consumedNanos = taken;
        // Every SLO was refilled and has not been evaluated since: all of them changed.
        lastFed = Set.copyOf(buckets.slos().keySet());
        rebuilds++;
      } finally {
        ChangeLog.rollbackQuietly(c);
      }
    }
  }

  /**
   * Feeds the changes committed since the last poll (rebuilding first when needed); returns how
   * many change rows were fed.
   */
  int poll() throws SQLException {
    return poll(true);
  }

  /**
   * Like {@link #poll()}; prunes the log from time to time only when {@code mayPrune} (the leader).
   */
  int poll(boolean mayPrune) throws SQLException {
    if (consumed != null && pendingSlos.get() != null) {
      try {
        return switchSlos();
      } catch (SQLException | RuntimeException e) {
        consumed = null;
        throw e;
      }
    }
    if (needsRebuild()) {
      rebuild();
      return 0;
    }
    try {
      return tail(mayPrune);
    } catch (SQLException | RuntimeException e) {
      // The engine may hold part of this poll: start over from the buckets.
      consumed = null;
      throw e;
    }
  }

  private int tail(boolean mayPrune) throws SQLException {
    String snapshot;
    long taken;
    boolean pruned;
    List<ChangeLog.Change> changes = new ArrayList<>();
    Instant through = clock.instant();
    long throughMinute = Math.floorDiv(through.getEpochSecond(), 60);
    if (throughMinute - expiredThrough > MAX_EXPIRY_MINUTES) {
      rebuild();
      return 0;
    }
    List<MinuteBucket> expired = new ArrayList<>();
    long readStart = System.nanoTime();
    try (Connection c = ChangeLog.snapshotConnection(dataSource)) {
      try {
        taken = System.nanoTime();
        ChangeLog.SnapshotAndPruned now = ChangeLog.snapshotAndPruned(c, consumed);
        snapshot = now.snapshot();
        pruned = now.pruned();
        changes.addAll(ChangeLog.changesSince(c, consumed));
        if (throughMinute > expiredThrough) {
          // In the same snapshot as the changes: each bucket holds exactly what the engine has
          // been fed for its minute once this poll's changes are recorded.
          buckets.readExpired(c, expiredThrough, throughMinute, expired);
        }
        c.commit();
      } finally {
        ChangeLog.rollbackQuietly(c);
      }
    }
    long applyStart = System.nanoTime();
    timings.accept(FeedStage.READ, applyStart - readStart);
    if (pruned) {
      // Rows this feeder had not read were pruned: only the buckets tell the whole story.
      rebuild();
      return 0;
    }
    int fed = 0;
    lastFed = new HashSet<>();
    for (ChangeLog.Change change : changes) {
      if (buckets.record(
          change.slo(), change.bucketStart(), change.good(), change.bad(), change.total())) {
        fed++;
        lastFed.add(change.slo());
      }
    }
    fedChanges += changes.size();
    if (throughMinute > expiredThrough) {
      engine.expire(through, expired);
      expiredThrough = throughMinute;
      expiredBuckets += expired.size();
      for (MinuteBucket b : expired) {
        // Their windows changed: they are evaluated with the SLOs whose buckets did.
        lastFed.add(b.slo());
      }
    }
    String previous = consumed;
    consumed = snapshot;
    consumedNanos = taken;
    long nowNanos = System.nanoTime();
    timings.accept(FeedStage.APPLY, nowNanos - applyStart);
    pruning.polled(previous, nowNanos, mayPrune);
    return fed;
  }

  /**
   * Applies a new SLO set while tailing, in one snapshot: first the changes committed since the
   * last poll, for the SLOs as they were; then the new set, in which the engine keeps the history
   * (and the alert states) of every SLO whose SLI and window are unchanged ({@link
   * SloEngine#keepsHistory}); then the buckets of the SLOs that are new or changed. An unchanged
   * reload thus changes nothing, and no status reads as empty meanwhile. Returns the number of SLOs
   * in the new set, all of which are to be evaluated again.
   */
  private int switchSlos() throws SQLException {
    List<SloSpec> pending = pendingSlos.getAndSet(null);
    Map<String, SloSpec> next = byName(pending);
    try (Connection c = ChangeLog.snapshotConnection(dataSource)) {
      try {
        long taken = System.nanoTime();
        ChangeLog.SnapshotAndPruned now = ChangeLog.snapshotAndPruned(c, consumed);
        String snapshot = now.snapshot();
        if (now.pruned()) {
          // Rows this feeder had not read were pruned: only the buckets tell the whole story.
          pendingSlos.compareAndSet(null, pending);
          c.commit();
          rebuild();
          return buckets.slos().size();
        }
        for (ChangeLog.Change change : ChangeLog.changesSince(c, consumed)) {
          buckets.record(
              change.slo(), change.bucketStart(), change.good(), change.bad(), change.total());
          fedChanges++;
        }
        Map<String, SloSpec> previous = buckets.slos();
        buckets.slos(next);
        // As in a rebuild: the minute before the load, from which new SLOs' buckets are read.
        Instant loadedAt = clock.instant();
        Instant minute = Instant.ofEpochSecond(Math.floorDiv(loadedAt.getEpochSecond(), 60) * 60);
        engine.load(next.values());
        for (SloSpec spec : next.values()) {
          SloSpec before = previous.get(spec.name());
          if (before == null || !SloEngine.keepsHistory(before, spec)) {
            buckets.feedBuckets(c, spec, minute);
          }
        }
        c.commit();
        consumed = snapshot;
        consumedNanos = taken;
        lastFed = Set.copyOf(next.keySet());
        return next.size();
      } finally {
        ChangeLog.rollbackQuietly(c);
      }
    }
  }

  /**
   * Deletes change rows of transactions that every later poll of {@code snapshot}'s consumer sees
   * as consumed, and records the horizon so a feeder that is further behind rebuilds.
   */
  void prune(String snapshot) throws SQLException {
    ChangeLog.prune(dataSource, snapshot);
  }

  /** Rows skipped per SLO (see {@link StoredBuckets#skippedRows}); safe to read from any thread. */
  Map<String, Long> skippedRows() {
    return buckets.skippedRows();
  }

  /** The snapshot consumed so far, or null before a rebuild. */
  String consumedSnapshot() {
    return consumed;
  }

  private static Map<String, SloSpec> byName(Collection<SloSpec> specs) {
    Map<String, SloSpec> map = new LinkedHashMap<>();
    for (SloSpec s : specs) {
      map.put(s.name(), s);
    }
    return map;
  }
}
