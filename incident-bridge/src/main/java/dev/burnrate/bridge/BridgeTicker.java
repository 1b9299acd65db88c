package dev.burnrate.bridge;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one daemon thread that runs the bridge's periodic work; a failed run is logged and the next
 * one comes at the next tick, so one bad row never stops the quiet-period resolutions.
 */
final class BridgeTicker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IncidentBridge.class);

  private ScheduledExecutorService executor;

  /** Runs {@code work} every {@code every}, the first time after one interval; once only. */
  synchronized void start(Duration every, Runnable work) {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bridge-ticker");
              t.setDaemon(true);
              return t;
            });
    long millis = every.toMillis();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            work.run();
          } catch (RuntimeException e) {
            log.warn("incident bridge tick failed; retrying at the next tick", e);
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  /** Whether it runs. */
  synchronized boolean running() {
    return executor != null;
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }
}
