package dev.burnrate.ingest.store;

import static java.util.Objects.requireNonNull;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.SliSink;
import dev.burnrate.ingest.pipeline.TimeBounds;
import dev.burnrate.ingest.store.internal.AppendPlan;
import dev.burnrate.ingest.store.internal.GroupPlan;
import dev.burnrate.ingest.store.internal.KnownKeys;
import dev.burnrate.ingest.store.internal.SeriesCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's writer: commits batches of matched samples into SLI buckets, many batches per
 * transaction, and acknowledges each batch only after its transaction committed.
 *
 * <p>Submitted batches wait in a bounded queue; one writer thread takes everything waiting (up to a
 * transaction size), applies it in one transaction (idempotency keys, locked series state, counter
 * deltas, bucket upserts, change log) and then completes every batch's future. When the queue is
 * full, or while the database is failing, a submit fails at once with a 503 whose {@code
 * retryAfterSeconds} member (the receivers turn it into a {@code Retry-After} header) says when to
 * retry. A failed transaction applies nothing of its batches, so a client's retry lands exactly
 * once. See {@code docs/storage.md}.
 */
public final class BucketWriter implements SliSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BucketWriter.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
  // After a stale cached state, this many groups read every state: another writer is at work.
  private static final int CACHE_COOLDOWN_GROUPS = 64;

  private final DataSource dataSource;
  private final WriterSettings settings;
  private final Clock clock;
  private final Thread thread = new Thread(this::run, "burnrate-bucket-writer");
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock: the queue, the in-flight budget (queued or in a transaction) and the health.
  private final ArrayDeque<PendingBatch> queue = new ArrayDeque<>();
  private long inflightBatches;
  private long inflightSamples;
  private long inflightBytes;
  private boolean closing;
  private int consecutiveFailures;
  private long unavailableUntilNanos;

  // Writer thread only.
  private final HourlyTable hourlyTable = new HourlyTable();
  private long nextMaintenanceNanos;
  private final SeriesCache seriesCache;
  private int cacheCooldown;
  // Log mode: the series whose key this writer logged; the applier of the log (drains in inline).
  private final boolean logged;
  private final KnownKeys knownKeys;
  private final SeriesLogApplier applier;

  private final WriterCounters counters = new WriterCounters();

  private BucketWriter(DataSource dataSource, WriterSettings settings, Clock clock) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.clock = clock;
    this.nextMaintenanceNanos = System.nanoTime() + settings.maintenanceInterval().toNanos();
    this.seriesCache = new SeriesCache(settings.seriesCacheSize());
    this.logged = settings.seriesState() == WriterSettings.SeriesState.LOG;
    this.knownKeys = new KnownKeys(logged ? settings.seriesCacheSize() : 0);
    this.applier = new SeriesLogApplier(dataSource, settings, clock);
    this.thread.setDaemon(true);
  }

  /**
   * Starts a writer on its own thread. It needs no connection to start: while the database is
   * unreachable, submits fail with 503.
   *
   * @param dataSource connections to a database migrated by {@link dev.burnrate.ingest.db.Database}
   * @param settings limits and retention
   * @param clock the clock that lateness and key expiry are measured against
   */
  public static BucketWriter start(DataSource dataSource, WriterSettings settings, Clock clock) {
    BucketWriter writer =
        new BucketWriter(
            requireNonNull(dataSource, "dataSource"),
            requireNonNull(settings, "settings"),
            requireNonNull(clock, "clock"));
    writer.thread.start();
    if (writer.logged) {
      writer.applier.start();
    }
    return writer;
  }

  @Override
  public Optional<TimeBounds> timeBounds() {
    return Optional.of(new TimeBounds(settings.lateness(), settings.futureTolerance()));
  }

  /**
   * Queues the batch for the next group commit. The future completes after the commit, on the
   * caller's Vert.x context when there is one; it fails with a 400 {@link HttpProblem} for a batch
   * the database cannot store and a 503 when the store cannot take it now.
   */
  @Override
  public Future<CommitResult> submit(IngestBatch batch) {
    requireNonNull(batch, "batch");
    HttpProblem invalid = BatchProblems.invalid(batch);
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    PendingBatch pending = PendingBatch.of(batch, Vertx.currentContext());
    lock.lock();
    try {
      if (closing) {
        return reject(
            BatchProblems.unavailable("the store is shutting down", settings.minRetryAfter()));
      }
      long now = System.nanoTime();
      if (now < unavailableUntilNanos) {
        return reject(
            BatchProblems.unavailable(
                "the database is failing; nothing of this request was applied",
                Duration.ofNanos(unavailableUntilNanos - now)));
      }
      // One batch is always taken when nothing else is in flight, so no batch waits forever.
      if (inflightBatches > 0
          && (inflightBatches + 1 > settings.maxQueuedBatches()
              || inflightSamples + pending.samples > settings.maxQueuedSamples()
              || inflightBytes + pending.bytes > settings.maxQueuedBytes())) {
        return reject(BatchProblems.queueFull(settings));
      }
      queue.add(pending);
      inflightBatches++;
      inflightSamples += pending.samples;
      inflightBytes += pending.bytes;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return pending.promise.future();
  }

  /** The writer's counters. */
  public WriterStats stats() {
    lock.lock();
    try {
      return counters.stats(inflightBatches, inflightSamples, inflightBytes, applier);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops taking batches, commits those already queued and stops the writer thread; batches still
   * waiting after a minute fail with 503.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // After the writer thread: what it logged is applied before the applier stops.
    applier.close(CLOSE_TIMEOUT);
    List<PendingBatch> left;
    lock.lock();
    try {
      left = new ArrayList<>(queue);
      queue.clear();
    } finally {
      lock.unlock();
    }
    if (!left.isEmpty()) {
      fail(left, BatchProblems.unavailable("the store is shutting down", settings.minRetryAfter()));
    }
  }

  private Future<CommitResult> reject(HttpProblem problem) {
    counters.rejected();
    return Future.failedFuture(problem);
  }

  private void run() {
    while (true) {
      List<PendingBatch> group;
      lock.lock();
      try {
        while (queue.isEmpty() && !closing) {
          long wait = nextMaintenanceNanos - System.nanoTime();
          if (wait <= 0) {
            break;
          }
          changed.awaitNanos(wait);
        }
        if (queue.isEmpty() && closing) {
          return;
        }
        group = takeGroup();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        lock.unlock();
      }
      if (!group.isEmpty()) {
        commit(group);
      }
      if (System.nanoTime() - nextMaintenanceNanos >= 0) {
        maintain();
        nextMaintenanceNanos = System.nanoTime() + settings.maintenanceInterval().toNanos();
      }
    }
  }

  private List<PendingBatch> takeGroup() {
    List<PendingBatch> group = new ArrayList<>();
    long samples = 0;
    while (!queue.isEmpty()) {
      PendingBatch next = queue.peek();
      if (!group.isEmpty() && samples + next.samples > settings.maxSamplesPerTransaction()) {
        break;
      }
      group.add(queue.poll());
      samples += next.samples;
    }
    return group;
  }

  private void commit(List<PendingBatch> group) {
    List<IngestBatch> groupBatches = new ArrayList<>(group.size());
    for (PendingBatch p : group) {
      groupBatches.add(p.batch);
    }
    if (logged) {
      commitLogged(group, new AppendPlan(groupBatches));
      return;
    }
    GroupPlan plan = new GroupPlan(groupBatches);
    GroupPlan.Outcome outcome = null;
    HttpProblem[] conflicts = null;
    Exception failure = null;
    boolean useCache = cacheCooldown == 0;
    if (cacheCooldown > 0) {
      cacheCooldown--;
    }
    for (int attempt = 1; outcome == null && failure == null; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        GroupTransaction.Attempt a =
            GroupTransaction.run(c, plan, useCache, clock, settings, seriesCache, hourlyTable);
        outcome = a.outcome();
        conflicts = a.conflicts();
        if (outcome == null) {
          counters.retried();
          if (a.staleCache()) {
            useCache = false;
            cacheCooldown = CACHE_COOLDOWN_GROUPS;
          }
          if (attempt >= GroupTransaction.MAX_ATTEMPTS) {
            failure =
                new SQLException(
                    "series kept being changed by other writers; gave up after "
                        + attempt
                        + " attempts");
          }
        }
      } catch (SQLException e) {
        if (GroupTransaction.retryable(e) && attempt < GroupTransaction.MAX_ATTEMPTS) {
          counters.retried();
        } else {
          failure = e;
        }
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (outcome != null) {
      succeeded(group, outcome.results(), outcome.collisions(), conflicts);
    } else {
      failed(group, failure);
    }
  }

  private void commitLogged(List<PendingBatch> group, AppendPlan plan) {
    try {
      GroupTransaction.Logged done =
          GroupTransaction.runLogged(
              dataSource, plan, clock, settings, knownKeys, hourlyTable, counters::retried);
      succeeded(group, done.outcome().results(), 0, done.conflicts());
    } catch (SQLException | RuntimeException e) {
      failed(group, e);
    }
  }

  private void succeeded(
      List<PendingBatch> group,
      List<CommitResult> results,
      long collisions,
      HttpProblem[] conflicts) {
    counters.committed(group.size(), results, collisions);
    if (collisions > 0) {
      log.warn("{} series skipped: their key's 64-bit hash belongs to another series", collisions);
    }
    lock.lock();
    try {
      release(group);
      consecutiveFailures = 0;
      unavailableUntilNanos = 0;
    } finally {
      lock.unlock();
    }
    PendingBatch.completeAll(group, results, null, conflicts);
  }

  private void failed(List<PendingBatch> group, Exception cause) {
    counters.failedTransaction();
    List<PendingBatch> all = new ArrayList<>(group);
    Duration backoff;
    lock.lock();
    try {
      consecutiveFailures++;
      long factor = 1L << Math.min(consecutiveFailures - 1, 20);
      backoff = settings.minRetryAfter().multipliedBy(factor);
      if (backoff.compareTo(settings.maxRetryAfter()) > 0) {
        backoff = settings.maxRetryAfter();
      }
      unavailableUntilNanos = System.nanoTime() + backoff.toNanos();
      // What waits would only wait for the same failure: answer it now and keep memory flat.
      all.addAll(queue);
      queue.clear();
    } finally {
      lock.unlock();
    }
    log.warn(
        "commit of {} batches failed ({} waiting batches refused too), refusing writes for {}: {}",
        group.size(),
        all.size() - group.size(),
        backoff,
        cause.toString());
    fail(
        all,
        BatchProblems.unavailable(
            "the database did not take the commit; nothing of this request was applied", backoff));
  }

  private void fail(List<PendingBatch> pendings, HttpProblem problem) {
    counters.failedBatches(pendings.size());
    lock.lock();
    try {
      release(pendings);
    } finally {
      lock.unlock();
    }
    PendingBatch.completeAll(pendings, null, problem, null);
  }

  private void release(List<PendingBatch> pendings) {
    for (PendingBatch p : pendings) {
      inflightBatches--;
      inflightSamples -= p.samples;
      inflightBytes -= p.bytes;
    }
  }

  private void maintain() {
    StoreMaintenance.run(dataSource, clock.millis(), settings, seriesCache, hourlyTable);
    // Deleted states would only turn the applier's guesses stale; a series that comes back has
    // its key logged again.
    applier.clearCache();
    knownKeys.clear();
    if (!logged) {
      // Rows left by an earlier run in log mode are applied, so switching back loses nothing.
      applier.applyAll();
    }
  }
}
