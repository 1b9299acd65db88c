package dev.burnrate.ingest.store;

import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Builds batches and reads bucket rows back, for the store's tests. */
final class Samples {
  private Samples() {}

  static Contribution total(String slo) {
    return new Contribution(slo, SliRole.TOTAL, 1);
  }

  static Contribution good(String slo) {
    return new Contribution(slo, SliRole.GOOD, 1);
  }

  static Contribution bad(String slo) {
    return new Contribution(slo, SliRole.BAD, 1);
  }

  static MatchedSeries cumulative(String key, List<Contribution> to, long[] ts, double... values) {
    return new MatchedSeries(key, Temporality.CUMULATIVE, to, ts, values);
  }

  static MatchedSeries delta(String key, List<Contribution> to, long[] ts, double... values) {
    return new MatchedSeries(key, Temporality.DELTA, to, ts, values);
  }

  static long[] at(long... ts) {
    return ts;
  }

  static IngestBatch batch(MatchedSeries... series) {
    return new IngestBatch(List.of(series), Optional.empty(), count(series));
  }

  static IngestBatch keyed(String key, MatchedSeries... series) {
    return new IngestBatch(List.of(series), Optional.of(key), count(series));
  }

  private static long count(MatchedSeries... series) {
    long n = 0;
    for (MatchedSeries s : series) {
      n += s.size();
    }
    return n;
  }

  /** The good, bad and total of one bucket, zeros when there is no row. */
  static double[] bucket(Connection c, String table, String slo, long startMs) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT good, bad, total FROM " + table + " WHERE slo = ? AND bucket_start = ?")) {
      ps.setString(1, slo);
      ps.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(startMs), ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)}
            : new double[] {0, 0, 0};
      }
    }
  }

  /** The good, bad and total summed over every bucket of an SLO in a table. */
  static double[] sums(Connection c, String table, String slo) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT coalesce(sum(good), 0), coalesce(sum(bad), 0), coalesce(sum(total), 0) FROM "
                + table
                + " WHERE slo = ?")) {
      ps.setString(1, slo);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)};
      }
    }
  }

  static long count(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
