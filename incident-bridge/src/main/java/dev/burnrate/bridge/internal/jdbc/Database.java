package dev.burnrate.bridge.internal.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Runs blocking JDBC work in transactions; callers keep it off event loops. */
public final class Database {
  private final DataSource dataSource;

  /** Work that needs a connection. */
  @FunctionalInterface
  public interface Work<T> {
    /** Does the work. */
    T run(Connection c) throws SQLException;
  }

  /** Maps one row. */
  @FunctionalInterface
  public interface Row<T> {
    /** Maps the current row. */
    T map(ResultSet rs) throws SQLException;
  }

  /** A helper over a pool. */
  public Database(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
  }

  /**
   * Runs {@code work} in one transaction, committed when it returns, rolled back when it throws.
   */
  public <T> T tx(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T out = work.run(c);
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  /** A database failure (a bug or an outage, never a client mistake). */
  public static final class DataAccessException extends RuntimeException {
    /** Wraps the cause. */
    public DataAccessException(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** Takes a transaction-scoped advisory lock on a name, serialising work on one key. */
  public static void lock(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      ps.setString(1, name);
      ps.execute();
    }
  }

  /** Runs a query and maps every row. */
  public static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row.map(rs));
        }
        return out;
      }
    }
  }

  /** Runs a query for at most one row. */
  public static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... args)
      throws SQLException {
    List<T> all = query(c, sql, row, args);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** Runs an update and returns the row count. */
  public static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  /**
   * The INSERT of one row into {@code table}'s {@code columns} (named with commas between), one
   * parameter a column.
   */
  public static String insertInto(String table, String columns) {
    int n = columns.split(",").length;
    return "INSERT INTO "
        + table
        + " ("
        + columns
        + ") VALUES ("
        + String.join(",", java.util.Collections.nCopies(n, "?"))
        + ")";
  }

  /** Reads a long from a one-value query. */
  public static long scalar(Connection c, String sql, Object... args) throws SQLException {
    return one(c, sql, rs -> rs.getLong(1), args).orElseThrow();
  }

  /** A nullable timestamp column as an instant. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  /** Marks a JSON argument for binding as jsonb. */
  public record Jsonb(String json) {}

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      int p = i + 1;
      if (a == null) {
        ps.setNull(p, Types.NULL);
      } else if (a instanceof Instant t) {
        ps.setTimestamp(p, Timestamp.from(t));
      } else if (a instanceof Jsonb j) {
        ps.setObject(p, j.json(), Types.OTHER);
      } else {
        ps.setObject(p, a);
      }
    }
  }
}
