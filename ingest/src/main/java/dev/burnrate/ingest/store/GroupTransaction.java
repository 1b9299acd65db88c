package dev.burnrate.ingest.store;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.store.internal.AppendPlan;
import dev.burnrate.ingest.store.internal.BucketRows;
import dev.burnrate.ingest.store.internal.GroupPlan;
import dev.burnrate.ingest.store.internal.KnownKeys;
import dev.burnrate.ingest.store.internal.SeriesCache;
import dev.burnrate.ingest.store.internal.SeriesLogSql;
import dev.burnrate.ingest.store.internal.StoreSql;
import dev.burnrate.ingest.store.internal.StoredSeries;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

/**
 * One transaction of a group: keys, locked series states, the plan applied to them, and every row
 * it writes, committed together or rolled back together.
 */
final class GroupTransaction {
  /** How many times a transaction runs before its failure is final. */
  static final int MAX_ATTEMPTS = 5;

  private GroupTransaction() {}

  /**
   * One attempt's result: the outcome when it committed; null when it rolled back to run again,
   * because another writer created a series ({@code staleCache} false) or changed one this writer
   * had cached ({@code staleCache} true).
   */
  record Attempt(GroupPlan.Outcome outcome, boolean staleCache, HttpProblem[] conflicts) {}

  /** A logged group's result: it committed. */
  record Logged(AppendPlan.Outcome outcome, HttpProblem[] conflicts) {}

  /**
   * Runs one attempt of {@code plan} on {@code c}, reading cached series states if {@code
   * useCache}.
   */
  static Attempt run(
      Connection c,
      GroupPlan plan,
      boolean useCache,
      Clock clock,
      WriterSettings settings,
      SeriesCache seriesCache,
      HourlyTable hourlyTable)
      throws SQLException {
    return withKeys(
        c,
        plan.batches(),
        clock,
        settings,
        (now, keys) ->
            write(
                c,
                plan,
                keys.duplicate(),
                useCache,
                seriesCache,
                hourlyTable,
                time(now, settings),
                keys.conflicts()));
  }

  /**
   * Runs one attempt of a logged group on {@code c}: keys, the series log row, and the increases of
   * keyed delta series, which need no state.
   */
  static Logged runLogged(
      Connection c,
      AppendPlan plan,
      KnownKeys known,
      HourlyTable hourly,
      WriterSettings s,
      Clock clock)
      throws SQLException {
    return withKeys(
        c,
        plan.batches(),
        clock,
        s,
        (now, keys) -> append(c, plan, keys, known, hourly, time(now, s)));
  }

  private static Logged append(
      Connection c,
      AppendPlan plan,
      IdempotencyKeys.KeyCheck keys,
      KnownKeys known,
      HourlyTable hourly,
      long[] time)
      throws SQLException {
    AppendPlan.Outcome outcome = plan.apply(keys.duplicate(), known, time);
    if (outcome.payload() != null) {
      SeriesLogSql.append(c, outcome.loggedSamples(), outcome.payload());
    }
    writeBuckets(c, outcome.minuteBuckets(), outcome.hourBuckets(), hourly);
    c.commit();
    known.addAll(outcome.keyLogged());
    return new Logged(outcome, keys.conflicts());
  }

  /** Now, the lateness and the future tolerance, in ms. */
  private static long[] time(long now, WriterSettings settings) {
    return new long[] {now, settings.lateness().toMillis(), settings.futureTolerance().toMillis()};
  }

  /** What a group's transaction does once its keys are recorded, given now and the keys' check. */
  private interface AfterKeys<T> {
    T run(long now, IdempotencyKeys.KeyCheck keys) throws SQLException;
  }

  /**
   * Opens a transaction on {@code c}, records the batches' keys and runs {@code then}; rolls back
   * when anything throws.
   */
  private static <T> T withKeys(
      Connection c,
      List<IngestBatch> batches,
      Clock clock,
      WriterSettings settings,
      AfterKeys<T> then)
      throws SQLException {
    c.setAutoCommit(false);
    try {
      long now = clock.millis();
      return then.run(now, IdempotencyKeys.check(c, batches, now, settings.idempotencyKeyTtl()));
    } catch (SQLException | RuntimeException e) {
      rollback(c, e);
      throw e;
    }
  }

  private static void writeBuckets(
      Connection c, BucketRows minutes, BucketRows hours, HourlyTable hourlyTable)
      throws SQLException {
    StoreSql.upsertBuckets(c, "sli_buckets", minutes);
    if (hourlyTable.isTable(c)) {
      StoreSql.upsertBuckets(c, "sli_buckets_1h", hours);
    }
    StoreSql.appendChanges(c, minutes);
  }

  /**
   * Commits a logged group on a connection of {@code dataSource}, running it again after a deadlock
   * or serialization failure (at most {@link #MAX_ATTEMPTS} times, calling {@code onRetry}).
   */
  static Logged runLogged(
      DataSource dataSource,
      AppendPlan plan,
      Clock clock,
      WriterSettings settings,
      KnownKeys knownKeys,
      HourlyTable hourlyTable,
      Runnable onRetry)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        return runLogged(c, plan, knownKeys, hourlyTable, settings, clock);
      } catch (SQLException e) {
        if (!retryable(e) || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        onRetry.run();
      }
    }
  }

  /**
   * Whether a failed transaction may succeed when run again: a deadlock, a serialization failure.
   */
  static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return "40P01".equals(state) || "40001".equals(state);
  }

  /**
   * Applies {@code plan} against the series states in the transaction open on {@code c} and
   * commits: the series states (from the cache if {@code useCache}, else read and locked), their
   * new values, the buckets and the change log. Rolls back and returns an attempt without outcome
   * when a series was created or changed by another transaction meanwhile.
   *
   * @param time now, the lateness and the future tolerance, in ms
   */
  static Attempt write(
      Connection c,
      GroupPlan plan,
      boolean[] duplicateKey,
      boolean useCache,
      SeriesCache seriesCache,
      HourlyTable hourlyTable,
      long[] time,
      HttpProblem[] conflicts)
      throws SQLException {
    long[] hashes = plan.seriesHashes(duplicateKey);
    StoredSeries stored = new StoredSeries(hashes.length);
    // Series this writer committed last are taken from its cache, unread and unlocked; the
    // update below confirms each guess or rolls everything back.
    long[] toRead = useCache ? seriesCache.addKnown(hashes, stored) : hashes;
    StoreSql.lockSeries(c, toRead, stored);
    GroupPlan.Outcome outcome = plan.apply(duplicateKey, stored, time[0], time[1], time[2]);
    if (!StoreSql.insertSeries(c, outcome.newSeries())) {
      c.rollback();
      return new Attempt(null, false, null);
    }
    if (!StoreSql.updateSeries(c, outcome.updatedSeries())) {
      c.rollback();
      seriesCache.clear();
      return new Attempt(null, true, null);
    }
    writeBuckets(c, outcome.minuteBuckets(), outcome.hourBuckets(), hourlyTable);
    c.commit();
    seriesCache.putAll(outcome.settledSeries());
    return new Attempt(outcome, false, conflicts);
  }

  /** Rolls {@code c} back after {@code e}, adding a failure to roll back to {@code e}. */
  static void rollback(Connection c, Exception e) {
    try {
      c.rollback();
    } catch (SQLException rollback) {
      e.addSuppressed(rollback);
    }
  }
}
