package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The open incident linked to each SLO, read from the incident bridge's {@code bridge_incident}
 * table after every engine tick, so a status request never waits on the database.
 */
public final class IncidentLinks implements Function<String, JsonObject> {
  private final DataSource dataSource;
  private volatile Map<String, JsonObject> bySlo = Map.of();

  /** Links read from the database of {@code dataSource}. */
  public IncidentLinks(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
  }

  /** Reads the open incidents again; blocks on JDBC. */
  public void refresh() throws SQLException {
    Map<String, JsonObject> next = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT ON (slo) slo, key, state, priority, severity, opened_at"
                    + " FROM bridge_incident"
                    + " WHERE slo IS NOT NULL AND state IN ('open', 'acknowledged')"
                    + " ORDER BY slo, opened_at DESC");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        next.put(
            rs.getString("slo"),
            new JsonObject()
                .put("key", rs.getString("key"))
                .put("state", rs.getString("state"))
                .put("priority", "P" + rs.getInt("priority"))
                .put("severity", rs.getString("severity"))
                .put("openedAt", rs.getTimestamp("opened_at").toInstant().toString())
                .put("href", "/api/v1/incidents/" + rs.getString("key")));
      }
    }
    bySlo = Map.copyOf(next);
  }

  /** The open incident of the SLO, or null. */
  @Override
  public JsonObject apply(String slo) {
    JsonObject o = bySlo.get(slo);
    return o == null ? null : o.copy();
  }
}
