package dev.burnrate.ingest.store;

import static java.util.Objects.requireNonNull;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.SloEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's engine fed from the store and elects, among the instances that share a
 * database, the one leader that hands alert transitions on.
 *
 * <p>Every instance tails the change log into its own engine, so any of them answers the same
 * numbers. Leadership is a lease: the leader holds {@code pg_try_advisory_xact_lock} in a
 * transaction that it keeps open and renews with a statement every {@code retryInterval}, and the
 * session runs with {@code idle_in_transaction_session_timeout = leaseTimeout}. So the lock goes
 * when the leader closes, dies (its socket closes), loses the network or freezes (PostgreSQL ends
 * the idle session), and a standby takes it within {@code leaseTimeout + retryInterval}. The open
 * transaction takes no snapshot between statements, so it holds back no vacuum. A leader that could
 * not renew for {@code leaseTimeout} stops calling itself leader before PostgreSQL frees the lock,
 * so two instances never both believe they lead.
 */
public final class EngineLeader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineLeader.class);
  private static final long PUBLISH_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  private final Database database;
  private final LeaderSettings settings;
  private final EngineFeeder feeder;
  private final OffsetDateTime startedAt;
  private final Thread feedThread;
  private final Thread leaseThread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final List<Consumer<Set<String>>> fedListeners = new CopyOnWriteArrayList<>();

  private final AtomicLong lockAttempts = new AtomicLong();
  private volatile boolean closed;
  private volatile boolean current;
  private volatile boolean holdsLock;
  // System.nanoTime before the last renewal that succeeded: the lease runs from there.
  private volatile long renewedNanos;
  private volatile long lagNanos = -1;
  // Written by the feed thread only.
  private volatile long rebuilds;
  private volatile boolean rebuildAsked;
  // Lease thread only.
  private Connection lockConnection;
  // Feed thread only.
  private long publishedNanos;
  private boolean publishedLeads;
  private boolean publishedCurrent;

  private EngineLeader(
      Database database, EngineFeeder feeder, LeaderSettings settings, Clock clock) {
    this.database = database;
    this.feeder = feeder;
    this.settings = settings;
    this.startedAt = OffsetDateTime.now(clock);
    this.feedThread = new Thread(this::feed, "burnrate-engine-feed");
    this.feedThread.setDaemon(true);
    this.leaseThread = new Thread(this::lease, "burnrate-engine-lease");
    this.leaseThread.setDaemon(true);
  }

  /**
   * Starts feeding the engine and competing for leadership in the background.
   *
   * @param database the store's database
   * @param engine the engine to keep fed
   * @param slos the SLOs to load into the engine
   * @param clock the clock that decides how far back the rebuild reads
   * @param settings intervals, the lease, the lock key and the instance id
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
    EngineLeader leader = new EngineLeader(database, feeder, settings, clock);
    leader.feedThread.start();
    leader.leaseThread.start();
    return leader;
  }

  /**
   * Whether this instance leads and its engine is current: only then should it hand alert
   * transitions on. False while its engine rebuilds, and as soon as its lease may have run out.
   */
  public boolean isLeader() {
    return current && leaseHeld();
  }

  /**
   * Whether this instance's engine holds what the store holds, up to {@link #lag()}: it may be
   * evaluated and its statuses served. False while it rebuilds (at start, after a failed poll,
   * after {@link #updateSlos}).
   */
  public boolean isCurrent() {
    return current;
  }

  /** How far this instance's engine lags behind the store; empty while it rebuilds. */
  public Optional<Duration> lag() {
    Duration lag = feederLag();
    return Optional.ofNullable(lag);
  }

  /**
   * Bucket rows left out of the engine per SLO since start, because a value was not finite or too
   * large to add up (every rebuild that reads such a row again counts it again); 0 for every SLO
   * fed without such a row.
   */
  public Map<String, Long> skippedRows() {
    return feeder.skippedRows();
  }

  /** This instance's id. */
  public String instanceId() {
    return settings.instanceId();
  }

  /** The settings this instance runs with. */
  public LeaderSettings settings() {
    return settings;
  }

  /**
   * Calls {@code listener} on the feed thread, with the names of the SLOs whose buckets changed,
   * after every poll that fed changes to the engine, and with every SLO after a rebuild.
   */
  public void onFed(Consumer<Set<String>> listener) {
    fedListeners.add(requireNonNull(listener, "listener"));
  }

  /**
   * Calls {@code listener} on the feed thread with the time (nanoseconds) each stage of a poll that
   * tailed the change log took.
   */
  public void onStage(java.util.function.ObjLongConsumer<FeedStage> listener) {
    feeder.timings(listener);
  }

  /**
   * Replaces the SLO set; at the next poll every instance applies it, keeping the history and alert
   * states of the SLOs whose SLI and window are unchanged.
   */
  public void updateSlos(Collection<SloSpec> slos) {
    feeder.updateSlos(slos);
    wakeUp();
  }

  /**
   * Has the next poll rebuild the engine from the buckets, every SLO read back (alert states start
   * afresh): for a change the engine applies only to what it is fed, such as budget adjustments.
   */
  public void rebuild() {
    rebuildAsked = true;
    wakeUp();
  }

  /**
   * The instances that reported within {@code within}, as {@code engine_instances} holds them, this
   * one included; blocks on the database.
   */
  public List<EngineInstance> instances(Duration within) throws SQLException {
    return instances(database.dataSource(), within);
  }

  static List<EngineInstance> instances(DataSource dataSource, Duration within)
      throws SQLException {
    List<EngineInstance> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT instance_id, leads, current,"
                    + " extract(epoch FROM now() - consumed_at), seen_at FROM engine_instances"
                    + " WHERE seen_at > now() - ? * interval '1 millisecond'"
                    + " ORDER BY instance_id")) {
      ps.setLong(1, within.toMillis());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double lag = rs.getDouble(4);
          boolean noLag = rs.wasNull();
          out.add(
              new EngineInstance(
                  rs.getString(1),
                  rs.getBoolean(2),
                  rs.getBoolean(3),
                  noLag
                      ? Optional.empty()
                      : Optional.of(Duration.ofNanos((long) (Math.max(0, lag) * 1e9))),
                  rs.getObject(5, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return out;
  }

  /** How many times this instance's engine has been rebuilt from the buckets and is current. */
  public long rebuilds() {
    return rebuilds;
  }

  /** How many times this instance has tried to take the lock. */
  long lockAttempts() {
    return lockAttempts.get();
  }

  /** Stops feeding, releases the lock (so a standby takes over) and withdraws this instance. */
  @Override
  public void close() {
    closed = true;
    wakeUp();
    join(leaseThread);
    join(feedThread);
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM engine_instances WHERE instance_id = ?")) {
      ps.setString(1, settings.instanceId());
      ps.executeUpdate();
    } catch (SQLException e) {
      log.debug("cannot withdraw this instance from engine_instances: {}", e.toString());
    }
  }

  private boolean leaseHeld() {
    // Ends a little before PostgreSQL's own timer, which starts after the renewal, not before it.
    return holdsLock && System.nanoTime() - renewedNanos < settings.leaseTimeout().toNanos();
  }

  private Duration feederLag() {
    long lag = lagNanos;
    return lag < 0 ? null : Duration.ofNanos(lag);
  }

  private void wakeUp() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static void join(Thread t) {
    try {
      t.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pause(Duration d) throws InterruptedException {
    lock.lock();
    try {
      if (!closed) {
        wake.awaitNanos(d.toNanos());
      }
    } finally {
      lock.unlock();
    }
  }

  private void feed() {
    try {
      while (!closed) {
        feedOnce();
        pause(settings.pollInterval());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      current = false;
    }
  }

  private void feedOnce() {
    int fed = 0;
    boolean rebuilt = false;
    try {
      if (rebuildAsked) {
        rebuildAsked = false;
        feeder.invalidate();
      }
      if (feeder.needsRebuild()) {
        // The engine is emptied and refilled: nobody should evaluate it meanwhile.
        current = false;
        lagNanos = -1;
        rebuilt = true;
      }
      fed = feeder.poll(leaseHeld());
      current = feeder.tailing();
    } catch (SQLException | RuntimeException e) {
      current = false;
      log.warn("feeding the engine failed, will rebuild: {}", e.toString());
    }
    Duration lag = feeder.lag(System.nanoTime());
    lagNanos = lag == null ? -1 : lag.toNanos();
    if (rebuilt && current) {
      rebuilds++;
    }
    // A rebuild refilled every SLO: its statuses are stale until they are evaluated again.
    if (fed > 0 || (rebuilt && current)) {
      Set<String> changed = feeder.lastFed();
      for (Consumer<Set<String>> l : fedListeners) {
        try {
          l.accept(changed);
        } catch (RuntimeException e) {
          log.error("a listener of the engine feed failed", e);
        }
      }
    }
    publish();
  }

  /** Reports this instance in engine_instances at most once a second, and at once on a change. */
  private void publish() {
    boolean leads = isLeader();
    long now = System.nanoTime();
    if (now - publishedNanos < PUBLISH_EVERY_NANOS
        && leads == publishedLeads
        && current == publishedCurrent
        && publishedNanos != 0) {
      return;
    }
    Duration lag = feederLag();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO engine_instances"
                    + " (instance_id, started_at, seen_at, leads, current, consumed_at)"
                    + " VALUES (?, ?, now(), ?, ?, now() - ? * interval '1 microsecond')"
                    + " ON CONFLICT (instance_id) DO UPDATE SET seen_at = excluded.seen_at,"
                    + " leads = excluded.leads, current = excluded.current,"
                    + " consumed_at = excluded.consumed_at")) {
      c.setAutoCommit(true);
      ps.setString(1, settings.instanceId());
      ps.setObject(2, startedAt);
      ps.setBoolean(3, leads);
      ps.setBoolean(4, current);
      if (lag == null) {
        ps.setNull(5, java.sql.Types.BIGINT);
      } else {
        ps.setLong(5, lag.toNanos() / 1_000);
      }
      ps.executeUpdate();
      publishedNanos = now;
      publishedLeads = leads;
      publishedCurrent = current;
    } catch (SQLException e) {
      log.debug("cannot report this instance in engine_instances: {}", e.toString());
    }
  }

  private void lease() {
    try {
      while (!closed) {
        if (holdsLock) {
          renew();
        } else {
          tryAcquire();
        }
        pause(settings.retryInterval());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      release();
    }
  }

  private void tryAcquire() {
    try {
      if (lockConnection == null || !lockConnection.isValid(5)) {
        closeLockConnection();
        lockConnection = database.openConnection();
        lockConnection.setAutoCommit(true);
        try (Statement st = lockConnection.createStatement()) {
          // PostgreSQL ends a session idle in its transaction for this long, freeing the lock.
          st.execute(
              "SET idle_in_transaction_session_timeout = "
                  + Math.max(1, settings.leaseTimeout().toMillis()));
        }
        lockConnection.setAutoCommit(false);
      }
      long before = System.nanoTime();
      boolean got;
      try (PreparedStatement ps =
          lockConnection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
        ps.setLong(1, settings.lockKey());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          got = rs.getBoolean(1);
        }
      }
      lockAttempts.incrementAndGet();
      if (!got) {
        // Ends the attempt's transaction: a standby's session stays out of the timeout.
        lockConnection.rollback();
        return;
      }
      renewedNanos = before;
      holdsLock = true;
      log.info("instance {} leads the SLO engine", settings.instanceId());
      wakeUp();
    } catch (SQLException e) {
      log.debug("cannot try the leader lock: {}", e.toString());
      closeLockConnection();
    }
  }

  private void renew() {
    long before = System.nanoTime();
    try (Statement st = lockConnection.createStatement()) {
      st.setQueryTimeout((int) Math.max(1, settings.leaseTimeout().toSeconds()));
      st.execute("SELECT 1");
      renewedNanos = before;
    } catch (SQLException e) {
      // The session ended, and with it the lock: another instance may lead already.
      log.warn(
          "instance {} lost the leader lease ({}); standing by",
          settings.instanceId(),
          e.toString());
      holdsLock = false;
      closeLockConnection();
      wakeUp();
    }
  }

  private void release() {
    holdsLock = false;
    if (lockConnection != null) {
      try {
        // Ending the transaction frees the transaction-level lock at once.
        lockConnection.rollback();
      } catch (SQLException e) {
        log.debug("cannot release the leader lock, closing its session: {}", e.toString());
      }
    }
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
