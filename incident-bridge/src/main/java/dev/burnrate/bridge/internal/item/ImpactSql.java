package dev.burnrate.bridge.internal.item;

import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.jdbc.Database.Jsonb;
import dev.burnrate.bridge.internal.record.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** The SQL of an incident's configuration item and impact; runs in the caller's transaction. */
public final class ImpactSql {
  private ImpactSql() {}

  /** Records what an incident's failing item breaks. */
  public static void insert(Connection c, long incidentId, Impact impact) throws SQLException {
    Database.update(
        c,
        "INSERT INTO bridge_incident_impact (incident_id, item, impact) VALUES (?,?,?)"
            + " ON CONFLICT (incident_id) DO NOTHING",
        incidentId,
        impact.item(),
        new Jsonb(Json.write(ItemView.impact(impact))));
  }

  /**
   * The JSON text of what an incident's item breaks ({@code item}, {@code items}, {@code
   * consumers}), as {@link #insert} stored it; empty when no item was found.
   */
  public static Optional<String> stored(Connection c, long incidentId) throws SQLException {
    return Database.one(
        c,
        "SELECT impact::text AS i FROM bridge_incident_impact WHERE incident_id = ?",
        rs -> rs.getString("i"),
        incidentId);
  }
}
