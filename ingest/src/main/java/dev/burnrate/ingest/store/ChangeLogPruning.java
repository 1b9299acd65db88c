package dev.burnrate.ingest.store;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * When an {@link EngineFeeder} prunes the change log: every {@code interval} it notes the snapshot
 * it had consumed until then, and once a noted snapshot is {@code retention} old the log is pruned
 * to it ({@link ChangeLog#prune}), off the polling thread and one prune at a time. Driven by the
 * feeder's polling thread; {@link #running} may be read from any thread.
 */
final class ChangeLogPruning {
  private final DataSource dataSource;
  private final Duration interval;
  private final Duration retention;
  private long lastNotedNanos = System.nanoTime();
  // Snapshots consumed at least an interval apart, oldest first: pruning uses one that is
  // retention old.
  private final ArrayDeque<Consumed> candidates = new ArrayDeque<>();
  private final AtomicBoolean running = new AtomicBoolean();

  ChangeLogPruning(DataSource dataSource, Duration interval, Duration retention) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.interval = requireNonNull(interval, "interval");
    this.retention = requireNonNull(retention, "retention");
  }

  /** Whether a prune is running (on its own thread). */
  boolean running() {
    return running.get();
  }

  /**
   * After a poll at {@code nowNanos} (System.nanoTime) that moved on from {@code previous}: notes
   * that snapshot once an interval has passed and then, when {@code mayPrune} (the leader) and no
   * prune runs, starts pruning to the newest noted snapshot that is {@code retention} old.
   */
  void polled(String previous, long nowNanos, boolean mayPrune) {
    if (nowNanos - lastNotedNanos < interval.toNanos()) {
      return;
    }
    lastNotedNanos = nowNanos;
    candidates.addLast(new Consumed(previous, nowNanos));
    String old = null;
    while (!candidates.isEmpty()
        && nowNanos - candidates.peekFirst().nanos() >= retention.toNanos()) {
      old = candidates.removeFirst().snapshot();
    }
    if (mayPrune && old != null && running.compareAndSet(false, true)) {
      // Off the polling thread: deleting an interval's change rows takes seconds under load
      // (it held every poll, and so every burn, for up to 18 s), and no poll depends on it.
      String snapshot = old;
      Thread.ofVirtual().name("burnrate-change-log-prune").start(() -> prune(snapshot));
    }
  }

  private void prune(String snapshot) {
    try {
      ChangeLog.prune(dataSource, snapshot);
    } catch (SQLException | RuntimeException e) {
      LoggerFactory.getLogger(EngineFeeder.class)
          .warn("cannot prune the change log (retried next interval): {}", e.toString());
    } finally {
      running.set(false);
    }
  }

  private record Consumed(String snapshot, long nanos) {}
}
