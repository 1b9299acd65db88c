package dev.burnrate.api.server;

import io.vertx.core.Future;

/** One condition the server needs before it takes traffic, checked by {@code /health/ready}. */
public interface ReadinessCheck {

  /** The check's name in the readiness report, such as {@code database}. */
  String name();

  /** Succeeds when ready; fails with a message that says what is wrong. Must not block. */
  Future<Void> check();
}
