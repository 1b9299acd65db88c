package dev.burnrate.ingest.store;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.store.internal.GroupPlan;
import dev.burnrate.ingest.store.internal.SeriesCache;
import dev.burnrate.ingest.store.internal.StoreSql;
import dev.burnrate.ingest.store.internal.StoredSeries;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * One transaction of a group: keys, locked series states, the plan applied to them, and every row
 * it writes, committed together or rolled back together.
 */
final class GroupTransaction {
  private GroupTransaction() {}

  /**
   * One attempt's result: the outcome when it committed; null when it rolled back to run again,
   * because another writer created a series ({@code staleCache} false) or changed one this writer
   * had cached ({@code staleCache} true).
   */
  record Attempt(GroupPlan.Outcome outcome, boolean staleCache, HttpProblem[] conflicts) {}

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
    c.setAutoCommit(false);
    try {
      long now = clock.millis();
      IdempotencyKeys.KeyCheck keys =
          IdempotencyKeys.check(c, plan.batches(), now, settings.idempotencyKeyTtl());
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
      if (hourlyTable.isTable(c)) {
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
}
