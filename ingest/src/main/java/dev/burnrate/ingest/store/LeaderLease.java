package dev.burnrate.ingest.store;

import dev.burnrate.ingest.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader lease: {@code pg_try_advisory_xact_lock} taken in a transaction on a session of its
 * own that stays open, renewed by a statement, with {@code idle_in_transaction_session_timeout =
 * leaseTimeout} so that PostgreSQL frees the lock of a leader that stops renewing. {@link #keep}
 * and {@link #release} run on the lease thread only; {@link #held} and {@link #attempts} on any.
 */
final class LeaderLease {
  private static final Logger log = LoggerFactory.getLogger(LeaderLease.class);

  private final Database database;
  private final LeaderSettings settings;
  private final AtomicLong attempts = new AtomicLong();
  private volatile boolean holdsLock;
  // System.nanoTime before the last renewal that succeeded: the lease runs from there.
  private volatile long renewedNanos;
  // Lease thread only.
  private Connection connection;

  LeaderLease(Database database, LeaderSettings settings) {
    this.database = database;
    this.settings = settings;
  }

  /** Whether this instance holds the lock and its lease has not run out since the last renewal. */
  boolean held() {
    // Ends a little before PostgreSQL's own timer, which starts after the renewal, not before it.
    return holdsLock && System.nanoTime() - renewedNanos < settings.leaseTimeout().toNanos();
  }

  /** How many times this instance has tried to take the lock. */
  long attempts() {
    return attempts.get();
  }

  /**
   * Renews the lease when this instance holds the lock, else tries to take it.
   *
   * @return whether this instance took or lost the lock
   */
  boolean keep() {
    return holdsLock ? !renew() : tryAcquire();
  }

  private boolean tryAcquire() {
    try {
      if (connection == null || !connection.isValid(5)) {
        closeConnection();
        connection = database.openConnection();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
          // PostgreSQL ends a session idle in its transaction for this long, freeing the lock.
          st.execute(
              "SET idle_in_transaction_session_timeout = "
                  + Math.max(1, settings.leaseTimeout().toMillis()));
        }
        connection.setAutoCommit(false);
      }
      long before = System.nanoTime();
      boolean got;
      try (PreparedStatement ps =
          connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
        ps.setLong(1, settings.lockKey());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          got = rs.getBoolean(1);
        }
      }
      attempts.incrementAndGet();
      if (!got) {
        // Ends the attempt's transaction: a standby's session stays out of the timeout.
        connection.rollback();
        return false;
      }
      renewedNanos = before;
      holdsLock = true;
      log.info("instance {} leads the SLO engine", settings.instanceId());
      return true;
    } catch (SQLException e) {
      log.debug("cannot try the leader lock: {}", e.toString());
      closeConnection();
      return false;
    }
  }

  /** Whether the renewal succeeded; when it did not, the lock is gone. */
  private boolean renew() {
    long before = System.nanoTime();
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout((int) Math.max(1, settings.leaseTimeout().toSeconds()));
      st.execute("SELECT 1");
      renewedNanos = before;
      return true;
    } catch (SQLException e) {
      // The session ended, and with it the lock: another instance may lead already.
      log.warn(
          "instance {} lost the leader lease ({}); standing by",
          settings.instanceId(),
          e.toString());
      holdsLock = false;
      closeConnection();
      return false;
    }
  }

  /** Frees the lock at once, so a standby takes over, and closes the lease's session. */
  void release() {
    holdsLock = false;
    if (connection != null) {
      try {
        // Ending the transaction frees the transaction-level lock at once.
        connection.rollback();
      } catch (SQLException e) {
        log.debug("cannot release the leader lock, closing its session: {}", e.toString());
      }
    }
    closeConnection();
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing ends the session and so the lock; nothing else to do.
      }
      connection = null;
    }
  }
}
