package dev.burnrate.ingest.store;

import static java.util.Objects.requireNonNull;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.SloEngine;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
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

  private final LeaderSettings settings;
  private final EngineFeeder feeder;
  private final LeaderLease lease;
  private final EngineInstanceTable instances;
  private final Thread feedThread;
  private final Thread leaseThread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final List<Consumer<Set<String>>> fedListeners = new CopyOnWriteArrayList<>();

  private volatile boolean closed;
  private volatile boolean current;
  private volatile long lagNanos = -1;
  // Written by the feed thread only.
  private volatile long rebuilds;
  private volatile boolean rebuildAsked;

  private EngineLeader(
      Database database, EngineFeeder feeder, LeaderSettings settings, Clock clock) {
    this.feeder = feeder;
    this.settings = settings;
    this.lease = new LeaderLease(database, settings);
    this.instances =
        new EngineInstanceTable(
            database.dataSource(), settings.instanceId(), OffsetDateTime.now(clock));
    this.feedThread = new Thread(this::feed, "burnrate-engine-feed");
    this.feedThread.setDaemon(true);
    this.leaseThread = new Thread(this::keepLease, "burnrate-engine-lease");
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
    return current && lease.held();
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
    return instances.read(within);
  }

  /** How many times this instance's engine has been rebuilt from the buckets and is current. */
  public long rebuilds() {
    return rebuilds;
  }

  /** How many times this instance has tried to take the lock. */
  long lockAttempts() {
    return lease.attempts();
  }

  /** Stops feeding, releases the lock (so a standby takes over) and withdraws this instance. */
  @Override
  public void close() {
    closed = true;
    wakeUp();
    join(leaseThread);
    join(feedThread);
    instances.withdraw();
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
      fed = feeder.poll(lease.held());
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
    instances.report(isLeader(), current, feederLag());
  }

  private void keepLease() {
    try {
      while (!closed) {
        if (lease.keep()) {
          // Leadership changed: the feed reports it and polls as leader or standby at once.
          wakeUp();
        }
        pause(settings.retryInterval());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lease.release();
    }
  }
}
