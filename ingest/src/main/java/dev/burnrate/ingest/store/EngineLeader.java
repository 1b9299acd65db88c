package dev.burnrate.ingest.store;

import static java.util.Objects.requireNonNull;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.slo.spec.SloSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one process the engine's leader and keeps its engine fed from the store.
 *
 * <p>Each instance tries {@code pg_try_advisory_lock} on a dedicated connection; the one that gets
 * it rebuilds its engine from the buckets and then tails the change log, and the others stand by
 * and retry. The lock lives as long as that connection's session, so when the leader closes (or
 * dies, or loses its connection) a standby takes over and rebuilds. Only the leader should evaluate
 * the engine: see {@link #isLeader()}.
 */
public final class EngineLeader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineLeader.class);

  private final Database database;
  private final LeaderSettings settings;
  private final EngineFeeder feeder;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();

  private final AtomicLong lockAttempts = new AtomicLong();
  private volatile boolean closed;
  private volatile boolean leader;
  // Feed thread only.
  private Connection lockConnection;
  private boolean holdsLock;
  private long nextLockCheckNanos;

  private EngineLeader(Database database, EngineFeeder feeder, LeaderSettings settings) {
    this.database = database;
    this.feeder = feeder;
    this.settings = settings;
    this.thread = new Thread(this::run, "burnrate-engine-feed");
    this.thread.setDaemon(true);
  }

  /**
   * Starts competing for leadership in the background.
   *
   * @param database the store's database
   * @param engine the engine to feed while this instance leads
   * @param slos the SLOs to load into the engine
   * @param clock the clock that decides how far back the rebuild reads
   * @param settings intervals and the lock key
   */
  public static EngineLeader start(
      Database database,
      SloEngine engine,
      Collection<SloSpec> slos,
      Clock clock,
      LeaderSettings settings) {
    requireNonNull(database, "database");
    requireNonNull(settings, "settings");
    EngineFeeder feeder = new EngineFeeder(database.dataSource(), engine, slos, clock);
    EngineLeader leader = new EngineLeader(database, feeder, settings);
    leader.thread.start();
    return leader;
  }

  /**
   * Whether this instance holds the lock and its engine has been rebuilt from the store: only then
   * should it evaluate SLOs and act on alert transitions.
   */
  public boolean isLeader() {
    return leader;
  }

  /**
   * Replaces the SLO set; the engine gets it at the next poll, with the history of new or redefined
   * SLOs read from the buckets.
   */
  public void updateSlos(Collection<SloSpec> slos) {
    feeder.updateSlos(slos);
  }

  /** How many times this instance has tried to take the lock. */
  long lockAttempts() {
    return lockAttempts.get();
  }

  /** Stops feeding and releases the lock, so a standby takes over. */
  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (!closed) {
        step();
        lock.lock();
        try {
          if (!closed) {
            wake.awaitNanos(
                (holdsLock ? settings.pollInterval() : settings.retryInterval()).toNanos());
          }
        } finally {
          lock.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      release();
    }
  }

  private void step() {
    if (!holdsLock) {
      tryAcquire();
    } else if (System.nanoTime() - nextLockCheckNanos >= 0) {
      checkLock();
    }
    if (!holdsLock) {
      return;
    }
    try {
      feeder.poll();
      leader = feeder.tailing();
    } catch (SQLException | RuntimeException e) {
      leader = false;
      log.warn("feeding the engine failed, will rebuild: {}", e.toString());
    }
  }

  private void tryAcquire() {
    try {
      if (lockConnection == null || !lockConnection.isValid(5)) {
        closeLockConnection();
        lockConnection = database.openConnection();
        lockConnection.setAutoCommit(true);
      }
      try (PreparedStatement ps =
          lockConnection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        ps.setLong(1, settings.lockKey());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          holdsLock = rs.getBoolean(1);
        }
      }
      lockAttempts.incrementAndGet();
      if (holdsLock) {
        log.info("this instance leads the SLO engine; rebuilding it from the store");
        feeder.invalidate();
        nextLockCheckNanos = System.nanoTime() + settings.retryInterval().toNanos();
      }
    } catch (SQLException e) {
      log.debug("cannot try the leader lock: {}", e.toString());
      closeLockConnection();
    }
  }

  private void checkLock() {
    boolean alive;
    try {
      alive = lockConnection.isValid(5);
    } catch (SQLException e) {
      alive = false;
    }
    if (alive) {
      nextLockCheckNanos = System.nanoTime() + settings.retryInterval().toNanos();
      return;
    }
    // The session ended, and with it the lock: another instance may lead already.
    log.warn("lost the connection that holds the leader lock; standing by");
    holdsLock = false;
    leader = false;
    feeder.invalidate();
    closeLockConnection();
  }

  private void release() {
    leader = false;
    if (lockConnection != null && holdsLock) {
      try (PreparedStatement ps = lockConnection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        ps.setLong(1, settings.lockKey());
        ps.execute();
      } catch (SQLException e) {
        log.debug("cannot release the leader lock, closing its session: {}", e.toString());
      }
    }
    holdsLock = false;
    closeLockConnection();
  }

  private void closeLockConnection() {
    if (lockConnection != null) {
      try {
        lockConnection.close();
      } catch (SQLException ignored) {
        // Closing ends the session and so the lock; nothing else to do.
      }
      lockConnection = null;
    }
  }
}
