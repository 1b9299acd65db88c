package dev.burnrate.testsupport;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that tests move by hand, safe to read from several threads: either stopped at an
 * instant ({@link #at}), or following real time plus an offset the test advances ({@link
 * #realTime}) so that deadlines pass at once while retries and timers still run.
 */
public final class TestClock extends Clock {
  private final boolean followsRealTime;
  private final AtomicReference<Instant> base;

  private TestClock(boolean followsRealTime, Instant base) {
    this.followsRealTime = followsRealTime;
    this.base = new AtomicReference<>(base);
  }

  /** A clock stopped at {@code now}. */
  public static TestClock at(Instant now) {
    return new TestClock(false, requireNonNull(now, "now"));
  }

  /** A clock stopped at an ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}. */
  public static TestClock at(String iso) {
    return at(Instant.parse(iso));
  }

  /** A clock that follows real time, moved ahead by every {@link #advance}. */
  public static TestClock realTime() {
    return new TestClock(true, Instant.EPOCH);
  }

  /** Moves the clock forward (or back, for a negative duration). */
  public void advance(Duration d) {
    requireNonNull(d, "d");
    base.updateAndGet(b -> b.plus(d));
  }

  /** Sets a stopped clock to {@code instant}. */
  public void set(Instant instant) {
    requireNonNull(instant, "instant");
    if (followsRealTime) {
      throw new IllegalStateException("a real-time test clock can only be advanced");
    }
    base.set(instant);
  }

  @Override
  public Instant instant() {
    Instant b = base.get();
    return followsRealTime ? Instant.now().plusMillis(b.toEpochMilli()) : b;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new IllegalArgumentException("a test clock stays in UTC, not " + zone);
    }
    return this;
  }
}
