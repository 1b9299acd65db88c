package dev.burnrate.ingest.store;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloGroups;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.slo.engine.MinuteBucket;
import dev.burnrate.slo.engine.SloEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link EngineFeeder} turns stored bucket rows into the engine's records for the SLOs it
 * feeds: the buckets of an SLO's window, the minute buckets that left a long window, and one change
 * row, each converted to the engine's good and total; rows whose values cannot be added up are left
 * out and counted.
 */
final class StoredBuckets {
  /**
   * The largest magnitude of a bucket value the engine adds up: a window sums fewer than a million
   * buckets, so sums stay finite. Ingest accepts no increase above 2^53, far below this.
   */
  static final double MAX_ROW_VALUE = 1e300;

  /** The longest standard burn-rate window that every status reports (3d). */
  private static final Duration LONGEST_STANDARD_WINDOW = Duration.ofDays(3);

  private static final Logger log = LoggerFactory.getLogger(EngineFeeder.class);

  private final SloEngine engine;
  private final Map<String, Long> skipped = new ConcurrentHashMap<>();
  // The feeding thread's: the SLOs fed, by name.
  private Map<String, SloSpec> slos;

  StoredBuckets(SloEngine engine, Map<String, SloSpec> slos) {
    this.engine = requireNonNull(engine, "engine");
    this.slos = requireNonNull(slos, "slos");
  }

  /** The SLOs fed, by name. */
  Map<String, SloSpec> slos() {
    return slos;
  }

  /** Feeds {@code slos} from now on. */
  void slos(Map<String, SloSpec> slos) {
    this.slos = requireNonNull(slos, "slos");
  }

  /** Makes every SLO fed count its skipped rows, from 0 for one that had none. */
  void countSkipped() {
    for (String name : slos.keySet()) {
      skipped.putIfAbsent(name, 0L);
    }
  }

  /**
   * Reads the minute buckets that left a long window of the engine between the minutes {@code from}
   * (exclusive) and {@code to}: one query for all SLOs, by the bucket_start index.
   */
  void readExpired(Connection c, long from, long to, List<MinuteBucket> out) throws SQLException {
    java.util.TreeSet<Long> minutes = new java.util.TreeSet<>();
    for (Duration window : engine.expiringWindows()) {
      long length = window.toMinutes();
      for (long m = from + 1; m <= to; m++) {
        minutes.add(m - length);
      }
    }
    if (minutes.isEmpty()) {
      return;
    }
    OffsetDateTime[] starts = new OffsetDateTime[minutes.size()];
    int i = 0;
    for (long m : minutes) {
      starts[i++] = OffsetDateTime.ofInstant(Instant.ofEpochSecond(m * 60), ZoneOffset.UTC);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT slo, bucket_start, good, bad, total FROM sli_buckets"
                + " WHERE bucket_start = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("timestamptz", starts));
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String slo = rs.getString(1);
          SloSpec spec = specOf(slo);
          if (spec == null || !spec.sli().evaluable()) {
            continue;
          }
          double total = rs.getDouble(5);
          double good =
              spec.sli().kind() == Sli.Kind.BAD_OVER_TOTAL
                  ? total - rs.getDouble(4)
                  : rs.getDouble(3);
          if (!usable(rs.getDouble(3))
              || !usable(rs.getDouble(4))
              || !usable(total)
              || !usable(good)) {
            // record() left this bucket out (and counted it) when it was fed: nothing to subtract.
            continue;
          }
          out.add(
              new MinuteBucket(
                  slo, rs.getObject(2, OffsetDateTime.class).toInstant(), good, total));
        }
      }
    }
  }

  /** Feeds the buckets of {@code spec}'s window up to {@code minute}, as seen in c. */
  void feedBuckets(Connection c, SloSpec spec, Instant minute) throws SQLException {
    if (spec == null || !spec.sli().evaluable()) {
      return;
    }
    Instant from = minute.minus(lookback(spec));
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT bucket_start, good, bad, total FROM sli_buckets"
                + " WHERE slo = ? AND bucket_start >= ? ORDER BY bucket_start")) {
      ps.setString(1, spec.name());
      ps.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          record(
              spec.name(),
              rs.getObject(1, OffsetDateTime.class).toInstant(),
              rs.getDouble(2),
              rs.getDouble(3),
              rs.getDouble(4));
        }
      }
    }
    if (spec.grouped()) {
      feedGroups(c, spec, from);
    }
  }

  /**
   * Feeds the buckets of every instance of a grouped SLO, in name order (the engine creates them up
   * to its limit as they come).
   */
  private void feedGroups(Connection c, SloSpec spec, Instant from) throws SQLException {
    String prefix =
        spec.name().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "{%";
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT slo, bucket_start, good, bad, total FROM sli_buckets"
                + " WHERE bucket_start >= ? AND slo LIKE ? ESCAPE '\\'"
                + " ORDER BY slo, bucket_start")) {
      ps.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      ps.setString(2, prefix);
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String slo = rs.getString(1);
          if (SloGroups.values(slo, spec).isEmpty()) {
            continue;
          }
          record(
              slo,
              rs.getObject(2, OffsetDateTime.class).toInstant(),
              rs.getDouble(3),
              rs.getDouble(4),
              rs.getDouble(5));
        }
      }
    }
  }

  /**
   * The spec that says how to read an SLO's buckets: its own, or for an instance of a grouped SLO
   * ({@code slo{route="/pay"}}) the grouped SLO's; null for an SLO that is not loaded.
   */
  private SloSpec specOf(String slo) {
    SloSpec spec = slos.get(slo);
    if (spec != null) {
      return spec;
    }
    return SloGroups.parentOf(slo).map(slos::get).filter(SloSpec::grouped).orElse(null);
  }

  /**
   * Records one bucket increase, converting to the engine's good and total: a bad-over-total SLO's
   * good events are its total minus its bad ones. False for an SLO that is unknown or not
   * evaluable.
   */
  boolean record(String slo, Instant bucketStart, double good, double bad, double total) {
    SloSpec spec = specOf(slo);
    if (spec == null || !spec.sli().evaluable()) {
      return false;
    }
    double engineGood = spec.sli().kind() == Sli.Kind.BAD_OVER_TOTAL ? total - bad : good;
    if (!usable(good) || !usable(bad) || !usable(total) || !usable(engineGood)) {
      // One such row (written before ingest refused such increases, or by hand) must not stop the
      // feed of every SLO: it is left out of its SLO and counted.
      long n = skipped.merge(slo, 1L, Long::sum);
      if (n == 1) {
        log.warn(
            "skipping a bucket of SLO {} at {} that the engine cannot add up (good {}, bad {},"
                + " total {}); further ones are counted in /health/ready and"
                + " burnrate_engine_feed_skipped_rows_total",
            slo,
            bucketStart,
            good,
            bad,
            total);
      }
      return false;
    }
    engine.record(slo, bucketStart, engineGood, total);
    return true;
  }

  /** Whether a bucket value can be added up by the engine: finite and far from overflowing. */
  static boolean usable(double v) {
    return Math.abs(v) <= MAX_ROW_VALUE;
  }

  /**
   * Rows skipped per SLO because a value was not {@link #usable} (0 for every SLO fed without one);
   * safe to read from any thread.
   */
  Map<String, Long> skippedRows() {
    // A read-only view, not a copy: /metrics reads it once per SLO, and copying 10,000 entries
    // for each of 10,000 counters held a scrape (and the event loop) for minutes.
    return java.util.Collections.unmodifiableMap(skipped);
  }

  /**
   * How far back an SLO's buckets matter: its window at its longest, or a longer alert window, or
   * the 3d burn rate that every status reports.
   */
  static Duration lookback(SloSpec spec) {
    Duration window =
        switch (spec.window()) {
          case TimeWindow.Rolling r -> r.length();
          case TimeWindow.Calendar cal -> longestUnit(cal.unit()).multipliedBy(cal.count());
        };
    if (LONGEST_STANDARD_WINDOW.compareTo(window) > 0) {
      window = LONGEST_STANDARD_WINDOW;
    }
    for (AlertRule rule : spec.alertRules().orElse(List.of())) {
      if (rule.longWindow().compareTo(window) > 0) {
        window = rule.longWindow();
      }
    }
    return window;
  }

  private static Duration longestUnit(TimeWindow.CalendarUnit unit) {
    return switch (unit) {
      case DAY -> Duration.ofDays(1);
      case WEEK -> Duration.ofDays(7);
      case MONTH -> Duration.ofDays(31);
      case QUARTER -> Duration.ofDays(92);
      case YEAR -> Duration.ofDays(366);
    };
  }
}
