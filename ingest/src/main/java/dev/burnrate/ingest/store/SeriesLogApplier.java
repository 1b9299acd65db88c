package dev.burnrate.ingest.store;

import dev.burnrate.ingest.store.internal.GroupPlan;
import dev.burnrate.ingest.store.internal.SeriesCache;
import dev.burnrate.ingest.store.internal.SeriesLogSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the series log into buckets: in one transaction per round, takes (deletes) the oldest log
 * rows, applies their samples against the series' states by {@link GroupPlan}'s rules, and writes
 * the states, the buckets and the change log.
 *
 * <p>A row is deleted in the transaction that applies it, so it is applied exactly once whatever
 * fails, and a sample at or before its series' last time (a retried request) adds nothing. One
 * instance applies at a time: each round takes a transaction-level advisory lock and renews a lease
 * row; another instance takes over when the lease has not been renewed for {@link
 * #lease(Duration)}. The states this applier committed stay in memory, confirmed by a
 * compare-and-set at the next update, so an applier that took over from another reads them afresh.
 */
final class SeriesLogApplier {
  private static final Logger log = LoggerFactory.getLogger(SeriesLogApplier.class);
  static final long LOCK_KEY = 0x6272736c6f67L; // "brslog"
  private static final int MAX_ROWS = 1_000;
  private static final int CACHE_COOLDOWN_ROUNDS = 16;
  private static final long UNBOUNDED = Long.MAX_VALUE / 4;

  private final DataSource dataSource;
  private final WriterSettings settings;
  private final Clock clock;
  private final String owner = UUID.randomUUID().toString();
  private final long leaseMs;
  private final long maxSamples;
  private final SeriesCache seriesCache;
  private final HourlyTable hourlyTable = new HourlyTable();
  private int cacheCooldown;
  private Thread thread;
  private volatile boolean closed;
  private volatile boolean clearAsked;

  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private volatile long lagMs = -1;

  SeriesLogApplier(DataSource dataSource, WriterSettings settings, Clock clock) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.clock = clock;
    this.leaseMs = lease(settings.applyInterval()).toMillis();
    this.maxSamples = Math.max(settings.maxSamplesPerTransaction(), 1_000_000);
    this.seriesCache = new SeriesCache(settings.seriesCacheSize());
  }

  /** How long an applier that stops renewing keeps its turn: ten apply intervals, at least 2s. */
  static Duration lease(Duration applyInterval) {
    Duration ten = applyInterval.multipliedBy(10);
    return ten.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : ten;
  }

  /** Log rows applied by this applier since start. */
  long rows() {
    return rows.get();
  }

  /** Samples of those rows that added nothing: at or before their series' last time. */
  long duplicates() {
    return duplicates.get();
  }

  /** Samples of those rows. */
  long samples() {
    return samples.get();
  }

  /** Rounds rolled back and run again. */
  long retried() {
    return retried.get();
  }

  /**
   * How old the oldest row left in the log was after this applier's last round, in ms: 0 when it
   * applied everything, -1 before its first round or while another instance applies.
   */
  long lagMs() {
    return lagMs;
  }

  /**
   * Applies rounds until the log is empty, another instance applies, or a round failed.
   *
   * @return whether every round succeeded
   */
  boolean applyAll() {
    return apply(false);
  }

  /**
   * Applies what the log holds now: one round, and more only while a round had to leave rows behind
   * (it reached {@code MAX_ROWS} rows or its sample limit). Rows appended during a round wait for
   * the next interval, so that under steady load each series' state is written once per interval,
   * not once per round that found a few new rows.
   *
   * @return whether every round succeeded
   */
  boolean applyDue() {
    return apply(true);
  }

  private boolean apply(boolean onlyBacklog) {
    while (true) {
      Round round;
      try {
        round = applyRound();
      } catch (SQLException | RuntimeException e) {
        log.warn("applying the series log failed, will retry: {}", e.toString());
        return false;
      }
      if (round == Round.OTHER_APPLIES) {
        return true;
      }
      if (round == Round.EMPTY || (onlyBacklog && round == Round.TOOK_ALL)) {
        break;
      }
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      lagMs = SeriesLogSql.oldestAgeMs(c);
    } catch (SQLException e) {
      log.debug("cannot measure the series log's lag: {}", e.toString());
    }
    return true;
  }

  /** How a round ended. */
  private enum Round {
    /** Another instance has the applier's turn. */
    OTHER_APPLIES,
    /** The log was empty. */
    EMPTY,
    /** Every row the log held when the round began was applied. */
    TOOK_ALL,
    /** Rows were applied and more were left for the next round by the round's limits. */
    LEFT_SOME
  }

  /** One round, in one transaction. */
  private Round applyRound() throws SQLException {
    if (clearAsked) {
      clearAsked = false;
      seriesCache.clear();
    }
    boolean useCache = cacheCooldown == 0;
    if (cacheCooldown > 0) {
      cacheCooldown--;
    }
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          if (!SeriesLogSql.claim(c, LOCK_KEY, owner, leaseMs)) {
            c.rollback();
            lagMs = -1;
            return Round.OTHER_APPLIES;
          }
          SeriesLogSql.Taken took = SeriesLogSql.take(c, MAX_ROWS, maxSamples);
          List<SeriesLogSql.Row> taken = took.rows();
          if (taken.isEmpty()) {
            c.commit();
            return Round.EMPTY;
          }
          List<byte[]> payloads = new ArrayList<>(taken.size());
          for (SeriesLogSql.Row row : taken) {
            payloads.add(row.payload());
          }
          GroupPlan plan = GroupPlan.ofLog(payloads);
          // Lateness was checked when the samples were acknowledged.
          GroupTransaction.Attempt a =
              GroupTransaction.write(
                  c,
                  plan,
                  new boolean[payloads.size()],
                  useCache,
                  seriesCache,
                  hourlyTable,
                  new long[] {clock.millis(), UNBOUNDED, UNBOUNDED},
                  null);
          if (a.outcome() != null) {
            counted(taken.size(), a.outcome());
            return took.more() ? Round.LEFT_SOME : Round.TOOK_ALL;
          }
          if (a.staleCache()) {
            useCache = false;
            cacheCooldown = CACHE_COOLDOWN_ROUNDS;
          }
        } catch (SQLException | RuntimeException e) {
          GroupTransaction.rollback(c, e);
          if (!(e instanceof SQLException s && GroupTransaction.retryable(s))) {
            throw e;
          }
        }
      }
      retried.incrementAndGet();
      if (attempt >= GroupTransaction.MAX_ATTEMPTS) {
        throw new SQLException("series log round gave up after " + attempt + " attempts");
      }
    }
  }

  private void counted(int rowCount, GroupPlan.Outcome outcome) {
    rows.addAndGet(rowCount);
    outcome
        .results()
        .forEach(
            r -> {
              samples.addAndGet(r.applied() + r.duplicates() + r.tooLate());
              duplicates.addAndGet(r.duplicates());
            });
    if (outcome.collisions() > 0) {
      log.warn(
          "{} series skipped: their key's 64-bit hash belongs to another series",
          outcome.collisions());
    }
  }

  /** Asks the applying thread to forget its cached states (maintenance deleted some). */
  void clearCache() {
    clearAsked = true;
  }

  /** Starts applying every apply interval on a thread of its own. */
  void start() {
    thread = new Thread(this::run, "burnrate-series-log");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long interval = settings.applyInterval().toNanos();
    while (!closed) {
      long next = System.nanoTime() + interval;
      applyDue();
      while (!closed && System.nanoTime() - next < 0) {
        LockSupport.parkNanos(next - System.nanoTime());
      }
    }
    // Closing: what is logged can be applied by this process before it goes; then the turn is
    // handed on at once rather than after the lease.
    applyAll();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      SeriesLogSql.release(c, owner);
    } catch (SQLException e) {
      log.debug("cannot hand the series log applier's turn on: {}", e.toString());
    }
  }

  /** Stops the thread after a last round, waiting at most {@code timeout}. */
  void close(Duration timeout) {
    closed = true;
    if (thread != null) {
      LockSupport.unpark(thread);
      try {
        thread.join(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
