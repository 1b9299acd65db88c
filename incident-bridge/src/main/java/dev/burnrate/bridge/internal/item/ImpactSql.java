package dev.burnrate.bridge.internal.item;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
   * Puts an incident's {@code configurationItem}, {@code impactedItems} and {@code
   * impactedConsumers} into its view (null and empty when no item was found).
   */
  public static void putInto(Connection c, ObjectNode view, long incidentId) throws SQLException {
    Optional<String> stored = stored(c, incidentId);
    if (stored.isEmpty()) {
      view.putNull("configurationItem");
      view.putArray("impactedItems");
      view.set("impactedConsumers", ItemView.consumers(Consumers.NONE));
      return;
    }
    ObjectNode i = Json.readObject(stored.get());
    view.set("configurationItem", i.path("item"));
    view.set("impactedItems", i.path("items"));
    view.set("impactedConsumers", i.path("consumers"));
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
