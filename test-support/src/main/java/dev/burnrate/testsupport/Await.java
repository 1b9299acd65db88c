package dev.burnrate.testsupport;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that the test polls, up to a deadline; never for a fixed time. Failures say
 * what was awaited, for how long, and what the test last saw.
 */
public final class Await {
  private static final Duration POLL = Duration.ofMillis(25);

  private Await() {}

  /** Polls {@code condition} until it holds; past {@code timeout}, fails naming {@code what}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }

  /** Polls {@code probe} until it answers a value, and returns that value. */
  public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    return until(what, timeout, probe, () -> "");
  }

  /**
   * Polls {@code probe} until it answers a value and returns that value; past the timeout, fails
   * with {@code what} and the {@code diagnostics} (the last thing seen, a child process's log).
   */
  public static <T> T until(
      String what, Duration timeout, Supplier<Optional<T>> probe, Supplier<String> diagnostics) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() - deadline > 0) {
        String more = diagnostics.get();
        throw new AssertionError(
            "not within " + timeout + ": " + what + (more.isEmpty() ? "" : "\n" + more));
      }
      LockSupport.parkNanos(POLL.toNanos());
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what);
      }
    }
  }
}
