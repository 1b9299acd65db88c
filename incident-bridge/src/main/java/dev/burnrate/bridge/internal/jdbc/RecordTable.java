package dev.burnrate.bridge.internal.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A table of one kind of record: its name, the columns its row mapper reads, and the statements
 * every kind's SQL asks of it. Every method runs in the caller's transaction.
 *
 * @param name the table's name
 * @param columns the SELECT list that the row mapper reads
 * @param row maps one row, selected as {@code columns}, to a record
 * @param <T> the record a row maps to
 */
public record RecordTable<T>(String name, String columns, Database.Row<T> row) {
  /** Checks the parts. */
  public RecordTable {
    requireNonNull(name, "name");
    requireNonNull(columns, "columns");
    requireNonNull(row, "row");
  }

  /** The rows that {@code clause} (a WHERE, ORDER BY and LIMIT tail) picks, in its order. */
  public List<T> list(Connection c, String clause, Object... args) throws SQLException {
    return Database.query(c, select(clause), row, args);
  }

  /** The first row that {@code clause} picks. */
  public Optional<T> one(Connection c, String clause, Object... args) throws SQLException {
    return Database.one(c, select(clause), row, args);
  }

  /**
   * The row whose {@code column} holds {@code value}; with {@code forUpdate} the row is locked for
   * the caller's transaction.
   */
  public Optional<T> by(Connection c, String column, Object value, boolean forUpdate)
      throws SQLException {
    return one(c, "WHERE " + column + " = ?" + (forUpdate ? " FOR UPDATE" : ""), value);
  }

  /** The record of a key, such as {@code INC-12}, locked or not. */
  public Optional<T> byKey(Connection c, String key, boolean forUpdate) throws SQLException {
    return by(c, "key", key, forUpdate);
  }

  /**
   * The newest rows that {@code where} lets through (by id, highest first), at most {@code limit}.
   */
  public List<T> newestFirst(Connection c, Where where, int limit) throws SQLException {
    return list(c, where.sql() + " ORDER BY id DESC LIMIT ?", where.argsAnd(limit));
  }

  /**
   * Inserts a keyed record: takes the next id of the table's sequence ({@code <table>_seq}), makes
   * its key as {@code prefix} and the id, writes the id, the key and {@code values} into {@code
   * valueColumns}, and reads the stored row back.
   */
  public T insertKeyed(Connection c, String prefix, String valueColumns, Object... values)
      throws SQLException {
    long id = Database.scalar(c, "SELECT nextval('" + name + "_seq')");
    String key = prefix + id;
    Object[] args = new Object[values.length + 2];
    args[0] = id;
    args[1] = key;
    System.arraycopy(values, 0, args, 2, values.length);
    Database.update(c, Database.insertInto(name, "id, key, " + valueColumns), args);
    return byKey(c, key, false).orElseThrow();
  }

  private String select(String clause) {
    return "SELECT " + columns + " FROM " + name + " " + clause;
  }
}
