package dev.burnrate.bridge.internal.request;

import dev.burnrate.bridge.BudgetReset;
import dev.burnrate.bridge.internal.jdbc.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL behind the approved budget resets that other modules read; runs in the caller's
 * transaction.
 */
public final class BudgetResetSql {
  private BudgetResetSql() {}

  /** Every approved budget reset, oldest first. */
  public static List<BudgetReset> approved(Connection c) throws SQLException {
    return Database.query(
        c,
        "SELECT key, service, slo, reason, decided_by, decided_at FROM bridge_request"
            + " WHERE type = ? AND state = ? AND decided_at IS NOT NULL ORDER BY id",
        rs ->
            new BudgetReset(
                rs.getString("key"),
                rs.getString("service"),
                rs.getString("slo"),
                rs.getString("reason"),
                rs.getString("decided_by"),
                Database.instant(rs, "decided_at")),
        RequestCatalog.BUDGET_RESET,
        RequestState.APPROVED.wire());
  }
}
