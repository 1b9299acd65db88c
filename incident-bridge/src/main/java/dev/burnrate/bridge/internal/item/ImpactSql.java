package dev.burnrate.bridge.internal.item;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.jdbc.Database.Jsonb;
import dev.burnrate.bridge.internal.record.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of an incident's configuration item and impact; runs in the caller's transaction. */
public final class ImpactSql {
  private static final TypeReference<Map<String, Object>> STORED = new TypeReference<>() {};

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
   * What an incident's failing item breaks, as its view writes it: the item, the items that break
   * with the path to each, and the consumers hurt (null and empty when no item was found).
   */
  public record StoredImpact(
      Object configurationItem, Object impactedItems, Object impactedConsumers) {}

  /** The impact stored for an incident. */
  public static StoredImpact of(Connection c, long incidentId) throws SQLException {
    Optional<String> stored = stored(c, incidentId);
    if (stored.isEmpty()) {
      return new StoredImpact(null, List.of(), ItemView.consumers(Consumers.NONE));
    }
    Map<String, Object> i;
    try {
      i = Json.MAPPER.readValue(stored.get(), STORED);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable impact of incident " + incidentId, e);
    }
    return new StoredImpact(i.get("item"), i.get("items"), i.get("consumers"));
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
