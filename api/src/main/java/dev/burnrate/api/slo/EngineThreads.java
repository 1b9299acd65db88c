package dev.burnrate.api.slo;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/** The engine's threads: named, and daemons, so a stuck one never keeps the process alive. */
final class EngineThreads {
  private EngineThreads() {}

  /** Makes daemon threads called {@code name}. */
  static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** One daemon thread called {@code name} that runs what it is given in order. */
  static ExecutorService single(String name) {
    return Executors.newSingleThreadExecutor(daemon(name));
  }
}
