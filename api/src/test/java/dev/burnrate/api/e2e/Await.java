package dev.burnrate.api.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits for a condition that the test polls every 200 ms, up to a deadline. */
final class Await {
  static final Duration POLL = Duration.ofMillis(200);

  private Await() {}

  /**
   * Polls {@code probe} until it answers a value and returns that value; past the timeout, fails
   * with {@code what} and the {@code diagnostics} (the last thing seen, the child processes' logs).
   */
  static <T> T until(
      String what, Duration timeout, Supplier<Optional<T>> probe, Supplier<String> diagnostics) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "not within " + timeout.toSeconds() + " s: " + what + "\n" + diagnostics.get());
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      }
    }
  }
}
