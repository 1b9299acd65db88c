package dev.burnrate.bridge.internal.jdbc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The WHERE clause of a list query, built from filters that each may be absent. */
public final class Where {
  private final StringBuilder sql = new StringBuilder("WHERE true");
  private final List<Object> args = new ArrayList<>();

  /** Adds a condition that binds nothing. */
  public Where and(String condition) {
    sql.append(" AND ").append(condition);
    return this;
  }

  /**
   * Adds {@code condition}, whose one parameter binds {@code value}, when the value is not null; a
   * null value does not filter.
   */
  public Where andIf(String condition, Object value) {
    if (value != null) {
      and(condition);
      args.add(value);
    }
    return this;
  }

  /** The clause, starting with {@code WHERE}. */
  String sql() {
    return sql.toString();
  }

  /** The arguments of the clause, followed by {@code more}. */
  Object[] argsAnd(Object... more) {
    List<Object> all = new ArrayList<>(args);
    all.addAll(Arrays.asList(more));
    return all.toArray();
  }
}
