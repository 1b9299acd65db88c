package dev.burnrate.ingest.store;

import static java.util.Objects.requireNonNull;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads the stored one-minute buckets of an SLO back, for its history and its reports: the store's
 * face to other modules, which never query {@code sli_buckets} themselves. Every method blocks on
 * JDBC.
 */
public final class BucketHistory {
  /**
   * A period whose buckets are left out, as a budget adjustment leaves them out of the engine: a
   * bucket is out when it starts at or after the minute of {@code from} and before {@code until}.
   */
  public record LeftOut(Instant from, Instant until) {
    /** Checks the period. */
    public LeftOut {
      requireNonNull(from, "from");
      requireNonNull(until, "until");
    }
  }

  /** Takes the buckets of a read one at a time, oldest first. */
  @FunctionalInterface
  public interface MinuteSink {
    /** One bucket: the minute it starts at and its counts. */
    void accept(Instant start, double good, double bad, double total);
  }

  /**
   * The sums of one UTC day's buckets.
   *
   * @param day the UTC date
   */
  public record Day(LocalDate day, double good, double bad, double total) {}

  private static final String IN_RANGE =
      " WHERE b.slo = ? AND b.bucket_start >= ? AND b.bucket_start < ?";

  private final DataSource dataSource;

  /** Reads the database of the pool, migrated with the ingest migrations. */
  public BucketHistory(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
  }

  /**
   * Streams the SLO's buckets that start in {@code [from, to)} and are not left out to {@code
   * sink}, oldest first.
   */
  public void minutes(String slo, Instant from, Instant to, List<LeftOut> leftOut, MinuteSink sink)
      throws SQLException {
    requireNonNull(sink, "sink");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT b.bucket_start, b.good, b.bad, b.total FROM sli_buckets b"
                    + IN_RANGE
                    + notLeftOut(leftOut)
                    + " ORDER BY b.bucket_start")) {
      bind(c, ps, slo, from, to, leftOut);
      ps.setFetchSize(10_000);
      c.setAutoCommit(false); // a fetch size only streams inside a transaction
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(
              rs.getTimestamp(1).toInstant(), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
        }
      }
      c.commit();
    }
  }

  /**
   * The sums per UTC day of the SLO's buckets that start in {@code [from, to)} and are not left
   * out, oldest day first; days without a bucket have no entry.
   */
  public List<Day> days(String slo, Instant from, Instant to, List<LeftOut> leftOut)
      throws SQLException {
    String sql =
        "SELECT (b.bucket_start AT TIME ZONE 'UTC')::date AS day, sum(b.good), sum(b.bad),"
            + " sum(b.total) FROM sli_buckets b"
            + IN_RANGE
            + notLeftOut(leftOut)
            + " GROUP BY 1 ORDER BY 1";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(c, ps, slo, from, to, leftOut);
      List<Day> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Day(
                  rs.getObject(1, LocalDate.class),
                  rs.getDouble(2),
                  rs.getDouble(3),
                  rs.getDouble(4)));
        }
      }
      return out;
    }
  }

  private static String notLeftOut(List<LeftOut> leftOut) {
    return leftOut.isEmpty()
        ? ""
        : " AND NOT EXISTS (SELECT 1 FROM unnest(?::timestamptz[], ?::timestamptz[]) AS a(f, u)"
            + " WHERE b.bucket_start >= date_trunc('minute', a.f) AND b.bucket_start < a.u)";
  }

  private static void bind(
      Connection c,
      PreparedStatement ps,
      String slo,
      Instant from,
      Instant to,
      List<LeftOut> leftOut)
      throws SQLException {
    ps.setString(1, requireNonNull(slo, "slo"));
    ps.setTimestamp(2, Timestamp.from(from));
    ps.setTimestamp(3, Timestamp.from(to));
    if (!leftOut.isEmpty()) {
      Timestamp[] starts = new Timestamp[leftOut.size()];
      Timestamp[] ends = new Timestamp[leftOut.size()];
      for (int i = 0; i < leftOut.size(); i++) {
        starts[i] = Timestamp.from(leftOut.get(i).from());
        ends[i] = Timestamp.from(leftOut.get(i).until());
      }
      Array s = c.createArrayOf("timestamptz", starts);
      Array e = c.createArrayOf("timestamptz", ends);
      ps.setArray(4, s);
      ps.setArray(5, e);
    }
  }
}
