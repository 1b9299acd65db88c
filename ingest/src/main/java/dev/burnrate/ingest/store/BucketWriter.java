package dev.burnrate.ingest.store;

import static java.util.Objects.requireNonNull;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliSink;
import dev.burnrate.ingest.pipeline.TimeBounds;
import dev.burnrate.ingest.store.internal.GroupPlan;
import dev.burnrate.ingest.store.internal.SeriesCache;
import dev.burnrate.ingest.store.internal.StoreSql;
import dev.burnrate.ingest.store.internal.StoredSeries;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
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
  private static final int MAX_ATTEMPTS = 5;
  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 1024;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
  // After a cached state turned out stale, this many groups read every state from the database:
  // another writer is probably writing the same series, and each stale guess costs a rollback.
  private static final int CACHE_COOLDOWN_GROUPS = 64;

  private final DataSource dataSource;
  private final WriterSettings settings;
  private final Clock clock;
  private final Thread thread;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock: the queue, the in-flight budget (queued or in a transaction) and the health.
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private long inflightBatches;
  private long inflightSamples;
  private long inflightBytes;
  private boolean closing;
  private int consecutiveFailures;
  private long unavailableUntilNanos;

  // Writer thread only.
  private Boolean hourlyTable;
  private long nextMaintenanceNanos;
  private final SeriesCache seriesCache;
  private int cacheCooldown;

  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong tooLate = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final AtomicLong failedTransactions = new AtomicLong();
  private final AtomicLong retriedTransactions = new AtomicLong();
  private final AtomicLong collisions = new AtomicLong();

  private BucketWriter(DataSource dataSource, WriterSettings settings, Clock clock) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.clock = clock;
    this.nextMaintenanceNanos = System.nanoTime() + settings.maintenanceInterval().toNanos();
    this.seriesCache = new SeriesCache(settings.seriesCacheSize());
    this.thread = new Thread(this::run, "burnrate-bucket-writer");
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
    HttpProblem invalid = validate(batch);
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    long samples = 0;
    long bytes = 64;
    for (MatchedSeries s : batch.series()) {
      samples += s.size();
      bytes += 80 + 2L * s.seriesKey().length() + 16L * s.size() + 48L * s.contributions().size();
    }
    Pending pending = new Pending(batch, samples, bytes, Vertx.currentContext());
    lock.lock();
    try {
      if (closing) {
        return reject(problem("the store is shutting down", settings.minRetryAfter()));
      }
      long now = System.nanoTime();
      if (now < unavailableUntilNanos) {
        return reject(
            problem(
                "the database is failing; nothing of this request was applied",
                Duration.ofNanos(unavailableUntilNanos - now)));
      }
      // One batch is always taken when nothing else is in flight, so no batch waits forever.
      if (inflightBatches > 0
          && (inflightBatches + 1 > settings.maxQueuedBatches()
              || inflightSamples + samples > settings.maxQueuedSamples()
              || inflightBytes + bytes > settings.maxQueuedBytes())) {
        return reject(
            problem(
                "the store is at its limit of queued work ("
                    + settings.maxQueuedBatches()
                    + " batches, "
                    + settings.maxQueuedSamples()
                    + " samples, "
                    + settings.maxQueuedBytes()
                    + " bytes); nothing of this request was applied",
                settings.minRetryAfter()));
      }
      queue.add(pending);
      inflightBatches++;
      inflightSamples += samples;
      inflightBytes += bytes;
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
      return new WriterStats(
          transactions.get(),
          batches.get(),
          applied.get(),
          duplicates.get(),
          tooLate.get(),
          rejected.get(),
          failedBatches.get(),
          failedTransactions.get(),
          retriedTransactions.get(),
          collisions.get(),
          inflightBatches,
          inflightSamples,
          inflightBytes);
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
    List<Pending> left;
    lock.lock();
    try {
      left = new ArrayList<>(queue);
      queue.clear();
    } finally {
      lock.unlock();
    }
    if (!left.isEmpty()) {
      fail(left, problem("the store is shutting down", settings.minRetryAfter()));
    }
  }

  private Future<CommitResult> reject(HttpProblem problem) {
    rejected.incrementAndGet();
    return Future.failedFuture(problem);
  }

  private static HttpProblem problem(String detail, Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return new HttpProblem(
        503,
        "Store unavailable",
        detail + "; retry after " + seconds + "s",
        Map.of("retryAfterSeconds", seconds));
  }

  private static HttpProblem validate(IngestBatch batch) {
    Optional<String> key = batch.idempotencyKey();
    if (key.isPresent()) {
      String k = key.get();
      if (k.isEmpty() || k.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
        return HttpProblem.badRequest(
            "idempotencyKey",
            "an idempotency key must have 1 to "
                + MAX_IDEMPOTENCY_KEY_LENGTH
                + " characters, got "
                + k.length());
      }
      if (k.indexOf('\0') >= 0) {
        return HttpProblem.badRequest(
            "idempotencyKey", "an idempotency key must not contain a NUL character");
      }
    }
    for (MatchedSeries s : batch.series()) {
      // PostgreSQL text cannot hold NUL; one such value would fail every batch of its group.
      if (s.seriesKey().indexOf('\0') >= 0) {
        return HttpProblem.badRequest(
            "series", "a series' labels must not contain a NUL character");
      }
      for (Contribution c : s.contributions()) {
        if (c.slo().isEmpty() || c.slo().indexOf('\0') >= 0) {
          return HttpProblem.badRequest(
              "slo", "an SLO name must be non-empty and must not contain a NUL character");
        }
      }
    }
    return null;
  }

  private void run() {
    while (true) {
      List<Pending> group;
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

  private List<Pending> takeGroup() {
    List<Pending> group = new ArrayList<>();
    long samples = 0;
    while (!queue.isEmpty()) {
      Pending next = queue.peek();
      if (!group.isEmpty() && samples + next.samples > settings.maxSamplesPerTransaction()) {
        break;
      }
      group.add(queue.poll());
      samples += next.samples;
    }
    return group;
  }

  private void commit(List<Pending> group) {
    List<IngestBatch> groupBatches = new ArrayList<>(group.size());
    for (Pending p : group) {
      groupBatches.add(p.batch);
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
        Attempt a = transaction(c, plan, useCache);
        outcome = a.outcome();
        conflicts = a.conflicts();
        if (outcome == null) {
          retriedTransactions.incrementAndGet();
          if (a.staleCache()) {
            useCache = false;
            cacheCooldown = CACHE_COOLDOWN_GROUPS;
          }
          if (attempt >= MAX_ATTEMPTS) {
            failure =
                new SQLException(
                    "series kept being changed by other writers; gave up after "
                        + attempt
                        + " attempts");
          }
        }
      } catch (SQLException e) {
        if (retryable(e) && attempt < MAX_ATTEMPTS) {
          retriedTransactions.incrementAndGet();
        } else {
          failure = e;
        }
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (outcome != null) {
      succeeded(group, outcome, conflicts);
    } else {
      failed(group, failure);
    }
  }

  /**
   * One attempt's result: the outcome when it committed; null when it rolled back to run again,
   * because another writer created a series ({@code staleCache} false) or changed one this writer
   * had cached ({@code staleCache} true).
   */
  private record Attempt(GroupPlan.Outcome outcome, boolean staleCache, HttpProblem[] conflicts) {}

  private Attempt transaction(Connection c, GroupPlan plan, boolean useCache) throws SQLException {
    c.setAutoCommit(false);
    try {
      long now = clock.millis();
      KeyCheck keys = idempotency(c, plan.batches(), now);
      boolean[] duplicateKey = keys.duplicate();
      long[] hashes = plan.seriesHashes(duplicateKey);
      StoredSeries stored = new StoredSeries(hashes.length);
      // Series this writer committed last are taken from its cache, unread and unlocked; the
      // update below confirms each guess or rolls everything back.
      long[] toRead = useCache ? seriesCache.addKnown(hashes, stored) : hashes;
      StoreSql.lockSeries(c, toRead, stored);
      GroupPlan.Outcome outcome =
          plan.apply(
              duplicateKey,
              stored,
              now,
              settings.lateness().toMillis(),
              settings.futureTolerance().toMillis());
      if (!StoreSql.insertSeries(c, outcome.newSeries())) {
        c.rollback();
        return new Attempt(null, false, null);
      }
      if (!StoreSql.updateSeries(c, outcome.updatedSeries())) {
        c.rollback();
        seriesCache.clear();
        return new Attempt(null, true, null);
      }
      StoreSql.upsertBuckets(c, "sli_buckets", outcome.minuteBuckets());
      if (hourlyTable(c)) {
        StoreSql.upsertBuckets(c, "sli_buckets_1h", outcome.hourBuckets());
      }
      StoreSql.appendChanges(c, outcome.minuteBuckets());
      c.commit();
      seriesCache.putAll(outcome.settledSeries());
      return new Attempt(outcome, false, keys.conflicts());
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
  }

  /**
   * Per batch of a group: whether its key was already committed (so it adds nothing), and the 422
   * for a key that was committed with another body (the batch adds nothing and is refused).
   */
  private record KeyCheck(boolean[] duplicate, HttpProblem[] conflicts) {}

  private KeyCheck idempotency(Connection c, List<IngestBatch> group, long now)
      throws SQLException {
    boolean[] duplicate = new boolean[group.size()];
    HttpProblem[] conflicts = new HttpProblem[group.size()];
    // Each key once, with the body hash of the first batch of the group that has it.
    TreeMap<String, String> keys = new TreeMap<>();
    for (IngestBatch b : group) {
      b.idempotencyKey().ifPresent(k -> keys.putIfAbsent(k, b.bodySha256().orElse(null)));
    }
    if (keys.isEmpty()) {
      return new KeyCheck(duplicate, conflicts);
    }
    String[] keyArray = keys.keySet().toArray(String[]::new);
    Set<String> inserted =
        StoreSql.insertKeys(
            c,
            keyArray,
            keys.values().toArray(String[]::new),
            now,
            settings.idempotencyKeyTtl().toMillis());
    Map<String, String> committed = new HashMap<>();
    if (inserted.size() < keyArray.length) {
      String[] old =
          keys.keySet().stream().filter(k -> !inserted.contains(k)).toArray(String[]::new);
      committed.putAll(StoreSql.keyBodyHashes(c, old));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < group.size(); i++) {
      IngestBatch b = group.get(i);
      Optional<String> key = b.idempotencyKey();
      if (key.isEmpty()) {
        continue;
      }
      String k = key.get();
      boolean first = seen.add(k);
      duplicate[i] = !inserted.contains(k) || !first;
      if (duplicate[i] && b.bodySha256().isPresent()) {
        String before = inserted.contains(k) ? keys.get(k) : committed.get(k);
        if (before != null && !before.equals(b.bodySha256().get())) {
          conflicts[i] = keyReused(k);
        }
      }
    }
    return new KeyCheck(duplicate, conflicts);
  }

  private static HttpProblem keyReused(String scopedKey) {
    // The stored key is scoped ("endpoint token key"); the client knows only its own part.
    String key = scopedKey.substring(scopedKey.lastIndexOf(' ') + 1);
    return new HttpProblem(
        422,
        "Idempotency-Key reused",
        "the Idempotency-Key "
            + key
            + " was already used for another request body on this endpoint with this token;"
            + " nothing of this request was applied. Send a new key with every new batch (a retry"
            + " of the same body with the same key is answered as a duplicate)",
        Map.of("field", "Idempotency-Key"));
  }

  private boolean hourlyTable(Connection c) throws SQLException {
    if (hourlyTable == null) {
      hourlyTable = StoreSql.hourlyIsTable(c);
    }
    return hourlyTable;
  }

  private static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return "40P01".equals(state) || "40001".equals(state);
  }

  private void succeeded(List<Pending> group, GroupPlan.Outcome outcome, HttpProblem[] conflicts) {
    transactions.incrementAndGet();
    batches.addAndGet(group.size());
    collisions.addAndGet(outcome.collisions());
    if (outcome.collisions() > 0) {
      log.warn(
          "{} series skipped: their key's 64-bit hash belongs to another series",
          outcome.collisions());
    }
    for (CommitResult r : outcome.results()) {
      applied.addAndGet(r.applied());
      duplicates.addAndGet(r.duplicates());
      tooLate.addAndGet(r.tooLate());
    }
    lock.lock();
    try {
      release(group);
      consecutiveFailures = 0;
      unavailableUntilNanos = 0;
    } finally {
      lock.unlock();
    }
    completeAll(group, outcome.results(), null, conflicts);
  }

  private void failed(List<Pending> group, Exception cause) {
    failedTransactions.incrementAndGet();
    List<Pending> all = new ArrayList<>(group);
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
        problem(
            "the database did not take the commit; nothing of this request was applied", backoff));
  }

  private void fail(List<Pending> pendings, HttpProblem problem) {
    failedBatches.addAndGet(pendings.size());
    lock.lock();
    try {
      release(pendings);
    } finally {
      lock.unlock();
    }
    completeAll(pendings, null, problem, null);
  }

  /**
   * Completes the batches' futures, each with its result (or all with the failure), with one task
   * per Vert.x context rather than one per batch: each task wakes an event loop.
   */
  private static void completeAll(
      List<Pending> pendings,
      List<CommitResult> results,
      Throwable failure,
      HttpProblem[] batchFailures) {
    Map<Context, List<Runnable>> byContext = new IdentityHashMap<>();
    for (int i = 0; i < pendings.size(); i++) {
      Pending p = pendings.get(i);
      CommitResult result = results == null ? null : results.get(i);
      Throwable f = failure != null || batchFailures == null ? failure : batchFailures[i];
      Runnable done = f == null ? () -> p.promise.tryComplete(result) : () -> p.promise.tryFail(f);
      if (p.context == null) {
        done.run();
      } else {
        byContext.computeIfAbsent(p.context, k -> new ArrayList<>()).add(done);
      }
    }
    byContext.forEach(
        (context, tasks) ->
            context.runOnContext(
                v -> {
                  for (Runnable task : tasks) {
                    task.run();
                  }
                }));
  }

  private void release(List<Pending> pendings) {
    for (Pending p : pendings) {
      inflightBatches--;
      inflightSamples -= p.samples;
      inflightBytes -= p.bytes;
    }
  }

  private void maintain() {
    long now = clock.millis();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      int keys =
          update(
              c,
              "DELETE FROM sli_idempotency_keys WHERE expires_at < to_timestamp(?::float8 / 1000)",
              now);
      int changes =
          update(
              c,
              "DELETE FROM sli_changes WHERE recorded_at < now() - make_interval(secs => ?)",
              settings.changeLogRetention().toSeconds());
      int series =
          update(
              c,
              "WITH gone AS (DELETE FROM sli_series WHERE last_ts_ms < ? RETURNING series_hash)"
                  + " DELETE FROM sli_series_keys WHERE series_hash IN (SELECT series_hash FROM gone)",
              now - settings.seriesRetention().toMillis());
      if (series > 0) {
        // Deleted states would only turn cached guesses stale.
        seriesCache.clear();
      }
      int buckets = 0;
      if (hourlyTable(c)) {
        // Plain PostgreSQL; with TimescaleDB the retention policy drops whole chunks instead.
        buckets =
            update(
                c,
                "DELETE FROM sli_buckets WHERE bucket_start < to_timestamp(?::float8 / 1000)",
                now - settings.bucketRetention().toMillis());
      }
      log.debug(
          "maintenance deleted {} keys, {} changes, {} series, {} buckets",
          keys,
          changes,
          series,
          buckets);
    } catch (SQLException e) {
      log.warn("store maintenance failed, will retry: {}", e.toString());
    }
  }

  private static int update(Connection c, String sql, long parameter) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, parameter);
      return ps.executeUpdate();
    }
  }

  /** A submitted batch, its budget and the context to complete it on. */
  private static final class Pending {
    final IngestBatch batch;
    final long samples;
    final long bytes;
    final Context context;
    final Promise<CommitResult> promise = Promise.promise();

    Pending(IngestBatch batch, long samples, long bytes, Context context) {
      this.batch = batch;
      this.samples = samples;
      this.bytes = bytes;
      this.context = context;
    }
  }
}
