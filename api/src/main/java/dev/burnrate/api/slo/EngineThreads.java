package dev.burnrate.api.slo;

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
}
