package dev.burnrate.ingest.store.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * The statements of a group commit. Every statement binds whole columns as arrays and unnests them,
 * so a transaction costs a handful of round trips whatever the number of series; every statement
 * that takes row locks does so in a sorted order, so concurrent writers cannot deadlock each other.
 */
public final class StoreSql {
  private StoreSql() {}

  /**
   * Records idempotency keys with the hashes of their bodies (null for none) and returns those that
   * were not already committed (an expired key counts as new again).
   */
  public static Set<String> insertKeys(
      Connection c, String[] keys, String[] bodyHashes, long nowMs, long ttlMs)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO sli_idempotency_keys AS k"
                + " (idempotency_key, committed_at, expires_at, body_sha256)"
                + " SELECT u.key, to_timestamp(?::float8 / 1000), to_timestamp(?::float8 / 1000),"
                + " u.h FROM unnest(?::text[], ?::text[]) AS u(key, h) ORDER BY u.key"
                + " ON CONFLICT (idempotency_key) DO UPDATE"
                + " SET committed_at = excluded.committed_at, expires_at = excluded.expires_at,"
                + " body_sha256 = excluded.body_sha256"
                + " WHERE k.expires_at <= excluded.committed_at"
                + " RETURNING k.idempotency_key")) {
      ps.setLong(1, nowMs);
      ps.setLong(2, nowMs + ttlMs);
      ps.setArray(3, array(c, "text", keys));
      ps.setArray(4, array(c, "text", bodyHashes));
      Set<String> inserted = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          inserted.add(rs.getString(1));
        }
      }
      return inserted;
    }
  }

  /** The body hashes committed with these keys (keys without one are left out). */
  public static Map<String, String> keyBodyHashes(Connection c, String[] keys) throws SQLException {
    Map<String, String> hashes = new HashMap<>();
    if (keys.length == 0) {
      return hashes;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT idempotency_key, body_sha256 FROM sli_idempotency_keys"
                + " WHERE idempotency_key = ANY(?::text[]) AND body_sha256 IS NOT NULL")) {
      ps.setArray(1, array(c, "text", keys));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          hashes.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return hashes;
  }

  /** Reads and locks the state rows of the given series (sorted hashes) into {@code stored}. */
  public static void lockSeries(Connection c, long[] hashes, StoredSeries stored)
      throws SQLException {
    if (hashes.length == 0) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT series_hash, key_check, last_ts_ms, last_value FROM sli_series"
                + " WHERE series_hash = ANY(?::int8[]) ORDER BY series_hash FOR UPDATE")) {
      ps.setArray(1, array(c, "int8", hashes));
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long check = rs.getLong(2);
          boolean checkKnown = !rs.wasNull();
          double value = rs.getDouble(4);
          if (rs.wasNull()) {
            value = Double.NaN;
          }
          stored.add(rs.getLong(1), checkKnown ? check : null, rs.getLong(3), value);
        }
      }
    }
  }

  /**
   * Inserts the state of series that had none, and their keys; false when another transaction
   * created one of them meanwhile (then this transaction must roll back and start again, reading
   * that state).
   */
  public static boolean insertSeries(Connection c, SeriesRows rows) throws SQLException {
    if (rows.size() == 0) {
      return true;
    }
    String insert =
        "INSERT INTO sli_series (series_hash, key_check, last_ts_ms, last_value)"
            + " SELECT u.h, u.c, u.ts, NULLIF(u.v, 'NaN'::float8)"
            + " FROM unnest(?::int8[], ?::int8[], ?::int8[], ?::float8[]) AS u(h, c, ts, v)"
            + " ORDER BY u.h ON CONFLICT (series_hash) DO NOTHING";
    if (!touchesEvery(c, insert, rows, false)) {
      return false;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO sli_series_keys (series_hash, series_key)"
                + " SELECT u.h, u.k FROM unnest(?::int8[], ?::text[]) AS u(h, k)"
                // A series log row leaves out keys its writer logged before: "" (not stored).
                + " WHERE u.k <> '' ORDER BY u.h ON CONFLICT (series_hash) DO NOTHING")) {
      ps.setArray(1, array(c, "int8", rows.hash()));
      ps.setArray(2, array(c, "text", rows.key()));
      ps.executeUpdate();
    }
    return true;
  }

  /**
   * Writes the new state of series: rows this transaction holds locked unconditionally, rows known
   * from the writer's cache only where their stored time (and check) are still the expected ones.
   * False when any row was not updated: another writer or maintenance changed it since it was
   * cached, and this transaction must roll back and start again, reading the rows.
   */
  public static boolean updateSeries(Connection c, SeriesRows rows) throws SQLException {
    return rows.size() == 0
        || touchesEvery(
            c,
            "UPDATE sli_series AS s SET key_check = u.c, last_ts_ms = u.ts,"
                + " last_value = NULLIF(u.v, 'NaN'::float8)"
                + " FROM unnest(?::int8[], ?::int8[], ?::int8[], ?::float8[], ?::int8[])"
                + " AS u(h, c, ts, v, e)"
                + " WHERE s.series_hash = u.h AND (u.e = ?"
                + " OR (s.last_ts_ms = u.e AND (s.key_check = u.c OR s.key_check IS NULL)))",
            rows,
            true);
  }

  /**
   * Runs {@code sql} with the series columns bound as parameters 1 to 4 (and, for an update, the
   * expected times and {@link SeriesRows#LOCKED} as 5 and 6); whether it touched every row.
   */
  private static boolean touchesEvery(Connection c, String sql, SeriesRows rows, boolean update)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bindSeries(c, ps, rows);
      if (update) {
        ps.setArray(5, array(c, "int8", rows.expectTsMs()));
        ps.setLong(6, SeriesRows.LOCKED);
      }
      return ps.executeUpdate() == rows.size();
    }
  }

  /** Adds increases to a bucket table ({@code sli_buckets} or the plain {@code sli_buckets_1h}). */
  public static void upsertBuckets(Connection c, String table, BucketRows rows)
      throws SQLException {
    if (rows.size() == 0) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " AS b (slo, bucket_start, good, bad, total)"
                + " SELECT u.slo, to_timestamp(u.s), u.g, u.b, u.t"
                + " FROM unnest(?::text[], ?::int8[], ?::float8[], ?::float8[], ?::float8[])"
                + " AS u(slo, s, g, b, t) ORDER BY u.slo, u.s"
                + " ON CONFLICT (slo, bucket_start) DO UPDATE SET good = b.good + excluded.good,"
                + " bad = b.bad + excluded.bad, total = b.total + excluded.total")) {
      bindBuckets(c, ps, rows);
      ps.executeUpdate();
    }
  }

  /** Appends the increases to the change log that the engine tails. */
  public static void appendChanges(Connection c, BucketRows rows) throws SQLException {
    if (rows.size() == 0) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO sli_changes (slo, bucket_start, good, bad, total)"
                + " SELECT u.slo, to_timestamp(u.s), u.g, u.b, u.t"
                + " FROM unnest(?::text[], ?::int8[], ?::float8[], ?::float8[], ?::float8[])"
                + " AS u(slo, s, g, b, t)")) {
      bindBuckets(c, ps, rows);
      ps.executeUpdate();
    }
  }

  /**
   * Whether {@code sli_buckets_1h} is an ordinary table that the writer keeps (plain PostgreSQL),
   * rather than a TimescaleDB continuous aggregate.
   */
  public static boolean hourlyIsTable(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT relkind FROM pg_class WHERE oid = to_regclass('sli_buckets_1h')");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() && "r".equals(rs.getString(1));
    }
  }

  /** Binds hash, check, last time and last value as parameters 1 to 4. */
  private static void bindSeries(Connection c, PreparedStatement ps, SeriesRows rows)
      throws SQLException {
    bindColumns(
        c,
        ps,
        new String[] {"int8", "int8", "int8", "float8"},
        rows.hash(),
        rows.check(),
        rows.lastTsMs(),
        rows.lastValue());
  }

  private static void bindBuckets(Connection c, PreparedStatement ps, BucketRows rows)
      throws SQLException {
    bindColumns(
        c,
        ps,
        new String[] {"text", "int8", "float8", "float8", "float8"},
        rows.slo(),
        rows.startSeconds(),
        rows.good(),
        rows.bad(),
        rows.total());
  }

  /** Binds each column, an array of SQL element type {@code types[i]}, as parameter i + 1. */
  private static void bindColumns(
      Connection c, PreparedStatement ps, String[] types, Object... columns) throws SQLException {
    for (int i = 0; i < columns.length; i++) {
      ps.setArray(i + 1, array(c, types[i], columns[i]));
    }
  }

  private static Array array(Connection c, String type, Object elements) throws SQLException {
    // pgJDBC encodes primitive arrays directly (no boxing); the pool's proxy unwraps to it.
    return c.unwrap(PGConnection.class).createArrayOf(type, elements);
  }
}
